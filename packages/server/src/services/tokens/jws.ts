import type { KeyObject } from 'node:crypto';
import { signRs256Input } from '../crypto/crypto-pool.ts';

/**
 * Signs a JWT (JWS compact form, RS256) with node:crypto on the server's crypto threads, so RSA
 * signing uses the other cores while the event loop goes on (jose signs through WebCrypto, which
 * adds its own job set-up on the event loop per token).
 */
export async function signRs256(payload: object, kid: string, key: KeyObject): Promise<string> {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const input = `${header}.${body}`;
  const signature = await signRs256Input(key, input);
  return `${input}.${signature.toString('base64url')}`;
}
