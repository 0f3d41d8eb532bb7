// The temporary-credential format of Cognate's GetCredentialsForIdentity, re-implemented from the
// server (services/credentials/keys.ts) so an app can check requests offline with the shared
// `credentialsKey`; a test checks both agree.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a session token carries (signed by the server, not encrypted). */
export interface SessionTokenPayload {
  v: 1;
  /** The AccessKeyId the token belongs to. */
  akid: string;
  /** Identity id. */
  iid: string;
  /** Identity pool id. */
  ipid: string;
  /** Role ARN. */
  role: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Issue time, epoch seconds. */
  iat: number;
  auth: 'authenticated' | 'unauthenticated';
}

/** The SecretKey of an AccessKeyId under `key`. */
export function deriveSecret(key: Buffer, accessKeyId: string): string {
  return createHmac('sha256', key)
    .update(`cognate-credentials:${accessKeyId}`)
    .digest('base64')
    .slice(0, 40);
}

const mac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** `<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, first part))>` (for tests and tools). */
export function signSessionToken(key: Buffer, payload: SessionTokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The payload of a session token whose MAC is right (constant-time check); else undefined. */
export function readSessionToken(key: Buffer, token: string): SessionTokenPayload | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const ok =
    p !== null &&
    typeof p === 'object' &&
    p.v === 1 &&
    typeof p.akid === 'string' &&
    typeof p.iid === 'string' &&
    typeof p.ipid === 'string' &&
    typeof p.role === 'string' &&
    typeof p.exp === 'number' &&
    typeof p.iat === 'number' &&
    (p.auth === 'authenticated' || p.auth === 'unauthenticated');
  return ok ? (p as unknown as SessionTokenPayload) : undefined;
}

/** The key from its base64 form (as the server's `credentialsKey`); throws on one under 32 bytes. */
export function parseCredentialsKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length < 32)
    throw new TypeError('credentialsKey must be at least 32 bytes, base64-encoded');
  return key;
}
