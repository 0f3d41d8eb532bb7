import { createHash, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

// Making the RS256 key pairs of signing keys. Apart from signing-keys.ts, and with nothing but
// node:crypto, so the entry point can start one before it loads the rest of the server.

/** A signing key as stored: its kid and both halves as JWKs. */
export interface KeyMaterial {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
}

const generateRsaKeyPair = promisify(generateKeyPair);

/** A key pair started ahead of need (`prepareKeyMaterial`), for the next `newKeyMaterial`. */
let prepared: Promise<KeyMaterial> | undefined;

/**
 * A new RS256 key pair as JWKs; pure computation, so callers do it outside any transaction.
 * With node:crypto, not jose: the first start makes a key for the default pool, and jose then
 * loads only when a token is first verified. The JWKs have the members jose's gave (kty, n, e
 * and the private ones), so kids are derived as before.
 */
export function newKeyMaterial(): Promise<KeyMaterial> {
  const ready = prepared;
  prepared = undefined;
  return ready ?? generateKeyMaterial();
}

/**
 * Starts making the next key pair now, on a libuv thread. A 2048-bit RSA key takes 50 to 400 ms
 * (its primes are found by trial), the largest part of a first start, which seeds a pool: begun
 * before the server's modules load, it is ready when the pool is made.
 */
export function prepareKeyMaterial(): void {
  if (prepared) return;
  const ready = generateKeyMaterial();
  // Unused, or failed: whoever takes it sees the failure; until then it is no unhandled one.
  ready.catch(() => {});
  prepared = ready;
}

async function generateKeyMaterial(): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
  });
  const exported = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256')
    .update(JSON.stringify(exported))
    .digest('base64url')
    .slice(0, 43);
  return {
    kid,
    publicJwk: { ...exported, kid, alg: 'RS256', use: 'sig' },
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' },
  };
}
