import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';

/**
 * Secrets at rest (authenticator secrets, custom challenges' expected answers): AES-256-GCM
 * under a key derived from the server secret per purpose (HKDF, SHA-256), each sealed value
 * bound to its owner (a user id, a pool id) so a row copied elsewhere does not open. A stolen
 * database without the server secret reveals none of them.
 */

/** What a sealed value is for; each purpose has its own key. Never rename one in use. */
export type SealPurpose =
  | 'totp secret'
  | 'custom challenge'
  | 'identity provider secret'
  | 'upstream flow';

const VERSION = 'v1';
const keys = new Map<SealPurpose, WeakMap<Buffer, Buffer>>();

function keyOf(serverSecret: Buffer, purpose: SealPurpose): Buffer {
  const perSecret = keys.get(purpose) ?? new WeakMap<Buffer, Buffer>();
  keys.set(purpose, perSecret);
  let key = perSecret.get(serverSecret);
  if (!key) {
    const info = `cognate ${purpose}`;
    key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), info, 32));
    perSecret.set(serverSecret, key);
  }
  return key;
}

/** Seals `plain` for `owner`: `v1.<base64url iv|tag|ciphertext>`. */
export function seal(
  ctx: Pick<Context, 'serverSecret'>,
  purpose: SealPurpose,
  owner: string,
  plain: string,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(ctx.serverSecret, purpose), iv);
  cipher.setAAD(Buffer.from(owner));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens a value `seal` made for `purpose` and `owner`; throws when altered or someone else's. */
export function open(
  ctx: Pick<Context, 'serverSecret'>,
  purpose: SealPurpose,
  owner: string,
  sealed: string,
): string {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) throw new Error('not a sealed secret');
  const raw = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyOf(ctx.serverSecret, purpose),
    raw.subarray(0, 12),
  );
  decipher.setAAD(Buffer.from(owner));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
