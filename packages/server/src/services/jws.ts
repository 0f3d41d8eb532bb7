import { type KeyObject, sign } from 'node:crypto';

/**
 * Signs a JWT (JWS compact form, RS256) with node:crypto. Given a callback, `crypto.sign` runs
 * on libuv's thread pool, so RSA signing uses the other cores while the event loop goes on
 * (jose signs through WebCrypto, which adds its own job set-up on the event loop per token).
 */
export function signRs256(payload: object, kid: string, key: KeyObject): Promise<string> {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const input = `${header}.${body}`;
  return new Promise((resolve, reject) => {
    sign('RSA-SHA256', Buffer.from(input), key, (err, signature) => {
      if (err) reject(err);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}
