import { type KeyObject, sign } from 'node:crypto';

/**
 * Signs a JWT (JWS compact form, RS256) synchronously with node:crypto. jose only signs
 * asynchronously through WebCrypto; on the sign-in hot path that adds a thread-pool round trip
 * per token, so the two tokens of a sign-in are signed here instead (verification stays on jose).
 */
export function signRs256(payload: object, kid: string, key: KeyObject): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const input = `${header}.${body}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}
