/**
 * The crypto bound: the public-key work one sign-in costs the server, run flat out on every core
 * (one worker thread per core). No sign-in path can beat it on this machine.
 *
 * - SRP (USER_SRP_AUTH + PASSWORD_VERIFIER): g^b, v^u, (A·v^u)^b in the 3072-bit group with
 *   256-bit exponents, then two RS256 signatures (ID and access token, 2048-bit key).
 * - USER_PASSWORD_AUTH: g^x (the verifier check), then the same two signatures.
 * Hashes, HKDF and HMAC are left out: microseconds against milliseconds.
 *
 * This file is also the worker's entry point.
 */
import crypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { machineBusySeconds } from './server-process.ts';

export type BoundKind = 'srp' | 'password';

export interface CryptoBound {
  kind: BoundKind;
  workers: number;
  /** Sign-ins per second all workers together allow. */
  perSecond: number;
  /** CPU milliseconds one sign-in's crypto costs (one worker's time per iteration). */
  msPerSignIn: number;
  /** CPU cores other processes used meanwhile (they lower the bound). */
  otherCores: number;
}

/**
 * Node 20 does not run `--import tsx` for a worker's entry module, so the worker starts from
 * this snippet, which registers tsx and then loads this file.
 */
const WORKER_BOOTSTRAP = `import('tsx/esm/api')
  .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;

interface WorkerResult {
  count: number;
  seconds: number;
}

/** Runs `kind`'s crypto on every core for `seconds` and reports the sum of the workers' rates. */
export async function measureCryptoBound(kind: BoundKind, seconds: number): Promise<CryptoBound> {
  const workers = Array.from(
    { length: availableParallelism() },
    () => new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { kind, seconds } }),
  );
  try {
    // Key generation and warm-up happen before 'go', so every worker times the same window.
    await Promise.all(workers.map((w) => nextMessage(w)));
    const ownBefore = process.cpuUsage();
    const machineBefore = machineBusySeconds();
    for (const w of workers) w.postMessage('go');
    const results = (await Promise.all(workers.map((w) => nextMessage(w)))) as WorkerResult[];
    const own = process.cpuUsage(ownBefore);
    const others = machineBusySeconds() - machineBefore - (own.user + own.system) / 1e6;
    const rates = results.map((r) => r.count / r.seconds);
    const perSecond = rates.reduce((sum, r) => sum + r, 0);
    return {
      kind,
      workers: workers.length,
      perSecond,
      msPerSignIn: (1000 * rates.length) / perSecond,
      otherCores: Math.max(0, others) / results[0].seconds,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`crypto worker exited (code ${code})`)));
  });
}

function runWorker(kind: BoundKind, seconds: number) {
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
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  // About the size of a Cognito ID token's signing input; RSA cost barely depends on it.
  const signingInput = crypto.randomBytes(600).toString('base64url');

  const signIn =
    kind === 'srp'
      ? () => {
          const b = crypto.randomBytes(32);
          modPow(G, b); // g^b, for B = k·v + g^b
          const vu = modPow(v, crypto.randomBytes(32)); // v^u
          const base = (BigInt(`0x${A.toString('hex')}`) * BigInt(`0x${vu.toString('hex')}`)) % N;
          modPow(Buffer.from(base.toString(16).padStart(768, '0'), 'hex'), b); // (A·v^u)^b
          crypto.sign('sha256', Buffer.from(signingInput), privateKey);
          crypto.sign('sha256', Buffer.from(signingInput), privateKey);
        }
      : () => {
          modPow(G, crypto.randomBytes(32)); // g^x
          crypto.sign('sha256', Buffer.from(signingInput), privateKey);
          crypto.sign('sha256', Buffer.from(signingInput), privateKey);
        };

  for (let i = 0; i < 20; i++) signIn();
  parentPort?.postMessage('ready');
  parentPort?.once('message', () => {
    const start = performance.now();
    const end = start + seconds * 1000;
    let count = 0;
    while (performance.now() < end) {
      signIn();
      count++;
    }
    const result: WorkerResult = { count, seconds: (performance.now() - start) / 1000 };
    parentPort?.postMessage(result);
  });
}

if (!isMainThread && workerData?.kind) runWorker(workerData.kind, workerData.seconds);
