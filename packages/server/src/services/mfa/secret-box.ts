import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';

/**
 * Authenticator secrets at rest: AES-256-GCM under a key derived from the server secret (HKDF,
 * SHA-256), each sealed value bound to its user so a row copied onto another user does not open.
 * A stolen database without the server secret reveals no second factor.
 */

const VERSION = 'v1';
const keys = new WeakMap<Buffer, Buffer>();

function keyOf(serverSecret: Buffer): Buffer {
  let key = keys.get(serverSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), 'cognate totp secret', 32));
    keys.set(serverSecret, key);
  }
  return key;
}

/** Seals `plain` for `userId`: `v1.<base64url iv|tag|ciphertext>`. */
export function seal(ctx: Pick<Context, 'serverSecret'>, userId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(ctx.serverSecret), iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens a value `seal` made for `userId`; throws when it was altered or is someone else's. */
export function open(ctx: Pick<Context, 'serverSecret'>, userId: string, sealed: string): string {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) throw new Error('not a sealed secret');
  const raw = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(ctx.serverSecret), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
