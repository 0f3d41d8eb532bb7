/**
 * The crypto bound: the public-key work one operation costs the server, run flat out on every
 * core (one worker thread per core). No server can beat it on this machine.
 *
 * - srp (USER_SRP_AUTH + PASSWORD_VERIFIER): g^b, v^u, (A·v^u)^b in the 3072-bit group with
 *   256-bit exponents, then two RS256 signatures (ID and access token, 2048-bit key).
 * - password (USER_PASSWORD_AUTH): g^x (the verifier check), then the same two signatures.
 * - signup (SignUp): g^x, the new user's verifier; no tokens.
 * - refresh (REFRESH_TOKEN_AUTH): the two signatures alone.
 * - srp+totp (USER_SRP_AUTH, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA): srp's work, plus opening the
 *   sealed authenticator secret (AES-256-GCM) and the RFC 6238 check (HMAC-SHA-1 over at most
 *   three steps), which cost microseconds; listed so the phase has a bound of its own.
 * - verify (a JWT check in a resource server): one RS256 verification.
 * - srp-init, srp-verify: srp's work split by step, for the phases that time the SRP steps apart:
 *   g^b (InitiateAuth), then v^u, (A·v^u)^b and the two signatures (PASSWORD_VERIFIER).
 * Hashes, HKDF and HMAC are left out: microseconds against milliseconds.
 *
 * This file is also the worker's entry point.
 */
import crypto from 'node:crypto';
import { isMainThread, workerData } from 'node:worker_threads';
import { runTimedWorkers, serveTimedWork } from './threads.ts';

export const BOUND_KINDS = [
  'srp',
  'password',
  'signup',
  'refresh',
  'verify',
  'srp+totp',
  'srp-init',
  'srp-verify',
] as const;
export type BoundKind = (typeof BOUND_KINDS)[number];

export interface CryptoBound {
  kind: BoundKind;
  workers: number;
  /** Operations per second all workers together allow. */
  perSecond: number;
  /** CPU milliseconds one operation's crypto costs (one worker's time per iteration). */
  msPerOp: number;
  /** CPU cores other processes used meanwhile (they lower the bound). */
  otherCores: number;
}

interface WorkerResult {
  count: number;
  seconds: number;
}

/** Runs `kind`'s crypto on every core for `seconds` and reports the sum of the workers' rates. */
export async function measureCryptoBound(kind: BoundKind, seconds: number): Promise<CryptoBound> {
  const { results, otherCores } = await runTimedWorkers<WorkerResult>(import.meta.url, {
    kind,
    seconds,
  });
  const rates = results.map((r) => r.count / r.seconds);
  const perSecond = rates.reduce((sum, r) => sum + r, 0);
  return {
    kind,
    workers: results.length,
    perSecond,
    msPerOp: (1000 * rates.length) / perSecond,
    otherCores,
  };
}

function operation(kind: BoundKind): () => void {
  const N_BYTES = crypto.getDiffieHellman('modp15').getPrime();
  const N = BigInt(`0x${N_BYTES.toString('hex')}`);
  const dh = crypto.createDiffieHellman(N_BYTES, 2);
  const modPow = (base: Buffer, exp: Buffer) => {
    dh.setPrivateKey(exp);
    return dh.computeSecret(base);
  };
  // Inputs shaped like the real ones: a verifier and an A below N, fresh 256-bit exponents.
  const below = () =>
    Buffer.from(
      (BigInt(`0x${crypto.randomBytes(384).toString('hex')}`) % N).toString(16).padStart(768, '0'),
      'hex',
    );
  const v = below();
  const A = below();
  const G = Buffer.from([2]);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  // About the size of a Cognito ID token's signing input; RSA cost barely depends on it.
  const signingInput = Buffer.from(crypto.randomBytes(600).toString('base64url'));
  const sign = () => crypto.sign('sha256', signingInput, privateKey);
  const signature = sign();

  const srpInit = (b: Buffer) => modPow(G, b); // g^b, for B = k·v + g^b
  const srpVerify = (b: Buffer) => {
    const vu = modPow(v, crypto.randomBytes(32)); // v^u
    const base = (BigInt(`0x${A.toString('hex')}`) * BigInt(`0x${vu.toString('hex')}`)) % N;
    modPow(Buffer.from(base.toString(16).padStart(768, '0'), 'hex'), b); // (A·v^u)^b
    sign();
    sign();
  };
  const srp = () => {
    const b = crypto.randomBytes(32);
    srpInit(b);
    srpVerify(b);
  };
  // A sealed 52-character secret, as the server stores it, and the key it is sealed under.
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(crypto.randomBytes(52)), cipher.final()]);
  const tag = cipher.getAuthTag();
  const totp = () => {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    const secret = Buffer.concat([decipher.update(sealed), decipher.final()]).subarray(0, 32);
    for (let step = 0; step < 3; step++) {
      crypto.createHmac('sha1', secret).update(Buffer.alloc(8, step)).digest();
    }
  };

  switch (kind) {
    case 'srp+totp':
      return () => {
        srp();
        totp();
      };
    case 'srp':
      return srp;
    case 'srp-init':
      return () => srpInit(crypto.randomBytes(32));
    case 'srp-verify':
      return () => srpVerify(crypto.randomBytes(32));
    case 'password':
      return () => {
        modPow(G, crypto.randomBytes(32)); // g^x
        sign();
        sign();
      };
    case 'signup':
      return () => modPow(G, crypto.randomBytes(32));
    case 'refresh':
      return () => {
        sign();
        sign();
      };
    case 'verify':
      return () => crypto.verify('sha256', signingInput, publicKey, signature);
  }
}

function runWorker(kind: BoundKind, seconds: number) {
  const op = operation(kind);
  for (let i = 0; i < 20; i++) op();
  serveTimedWork(() => {
    const start = performance.now();
    const end = start + seconds * 1000;
    let count = 0;
    while (performance.now() < end) {
      op();
      count++;
    }
    return { count, seconds: (performance.now() - start) / 1000 } satisfies WorkerResult;
  });
}

if (!isMainThread && workerData?.kind) runWorker(workerData.kind, workerData.seconds);
