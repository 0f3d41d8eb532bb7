// Worker thread for the SRP modular exponentiations (see modexp.ts). Plain JavaScript so a
// thread starts without a TypeScript loader. One DH object per thread: OpenSSL does the math.
import crypto from 'node:crypto';

const N = crypto.getDiffieHellman('modp15').getPrime();
const dh = crypto.createDiffieHellman(N, 2);

/**
 * base^exp mod N for 0 < base < N-1 (the caller handles the bases OpenSSL refuses).
 * @param {{ base: Uint8Array, exp: Uint8Array }} task big-endian magnitudes
 * @returns {Uint8Array} big-endian result, leading zeros stripped
 */
export default function modexp({ base, exp }) {
  dh.setPrivateKey(Buffer.from(exp.buffer, exp.byteOffset, exp.byteLength));
  return dh.computeSecret(Buffer.from(base.buffer, base.byteOffset, base.byteLength));
}
