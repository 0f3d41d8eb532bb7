import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type AtRestCipher, type AtRestPurpose, SEALED_PREFIX } from '../../store/at-rest.ts';

/** A master key and its id (the first 8 hex digits of a hash of it, safe to show). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/** The master key that seals, and older ones kept to open values not yet re-sealed. */
export interface MasterKeyRing {
  current: MasterKey;
  previous: MasterKey[];
}

/** Thrown when a stored secret cannot be opened with the keys given. */
export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/** A master key from its text form: 32 bytes as base64 (44 chars) or hex (64 chars). */
export function parseMasterKey(text: string): MasterKey {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) key = Buffer.from(t, 'base64');
  if (key?.length !== 32) {
    throw new MasterKeyError(
      'a master key must be 32 bytes as base64 (44 chars) or hex (64 chars)',
    );
  }
  return { id: masterKeyId(key), key };
}

/** A new random master key. */
export function newMasterKey(): MasterKey {
  const key = randomBytes(32);
  return { id: masterKeyId(key), key };
}

/** The key's text form (base64), as key files and COGNATE_MASTER_KEY hold it. */
export function formatMasterKey(k: MasterKey): string {
  return k.key.toString('base64');
}

function masterKeyId(key: Buffer): string {
  return createHash('sha256')
    .update('cognate master key id\0')
    .update(key)
    .digest('hex')
    .slice(0, 8);
}

/** The id of the key that sealed `value`, or undefined for a plaintext value. */
export function sealedKeyId(value: string): string | undefined {
  if (!value.startsWith(SEALED_PREFIX)) return undefined;
  return value.slice(SEALED_PREFIX.length).split('.')[0];
}

function aad(purpose: AtRestPurpose, owner: string): Buffer {
  return Buffer.from(`${purpose}\0${owner}`);
}

/**
 * The at-rest cipher of a key ring: AES-256-GCM under the current key, the key's id in each
 * value so the right key opens it after a rotation, the purpose and owner as authenticated data
 * so a value copied to another row or column does not open.
 */
export function masterKeyCipher(ring: MasterKeyRing): AtRestCipher {
  const byId = new Map([ring.current, ...ring.previous].map((k) => [k.id, k.key]));
  return {
    seal(purpose, owner, plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
      cipher.setAAD(aad(purpose, owner));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const data = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
      return `${SEALED_PREFIX}${ring.current.id}.${data}`;
    },
    open(purpose, owner, value) {
      const id = sealedKeyId(value);
      const key = id && byId.get(id);
      if (!key) {
        throw new MasterKeyError(
          `a secret in the database is sealed with master key ${id}, which is not among the keys given (${[...byId.keys()].join(', ')})`,
        );
      }
      const raw = Buffer.from(
        value.slice(SEALED_PREFIX.length + (id as string).length + 1),
        'base64url',
      );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(aad(purpose, owner));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new MasterKeyError(
          `the ${purpose} of ${owner} does not open: altered, or moved from another row`,
        );
      }
    },
    isCurrent(value) {
      return sealedKeyId(value) === ring.current.id;
    },
  };
}
