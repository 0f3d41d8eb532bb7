/**
 * JWT verification as a resource server does it, with `jose`: createLocalJWKSet over the pool's
 * JWKS, then jwtVerify of real access tokens (signature, expiry, issuer), in this process on
 * worker threads, one per core. No server is involved.
 *
 * jose verifies through WebCrypto, whose RSA work Node runs on the libuv thread pool (4 threads
 * unless UV_THREADPOOL_SIZE says otherwise, as in any resource server), so each thread keeps a
 * few verifications in flight. On 2 cores one thread with 4 in flight did as well as two (about
 * 45k/s); one thread with one in flight managed 14-20k/s. This file is also the worker's entry.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { percentile } from './stats.ts';
import { runTimedWorkers, serveTimedWork } from './threads.ts';

export interface VerifyOptions {
  jwks: JSONWebKeySet;
  tokens: string[];
  issuer: string;
  seconds: number;
  /** Worker threads. @default one per core */
  threads?: number;
  /** Verifications each thread keeps in flight. */
  inFlight: number;
}

export interface VerifyResult {
  threads: number;
  inFlight: number;
  ops: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  errorSamples: string[];
  /** CPU cores this process used (the threads and the libuv pool). */
  cores: number;
  otherCores: number;
}

interface WorkerResult {
  latencies: Float64Array;
  errors: number;
  errorSamples: string[];
}

export async function measureJwtVerify(opts: VerifyOptions): Promise<VerifyResult> {
  const { threads, ...data } = opts;
  const cpuBefore = process.cpuUsage();
  const { results, otherCores, seconds } = await runTimedWorkers<WorkerResult>(
    import.meta.url,
    data,
    threads,
  );
  // Includes the workers' start-up and warm-up: a slight overstatement, on the safe side.
  const cpu = process.cpuUsage(cpuBefore);
  const latencies = results.flatMap((r) => Array.from(r.latencies)).sort((a, b) => a - b);
  return {
    threads: results.length,
    inFlight: opts.inFlight,
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    cores: (cpu.user + cpu.system) / 1e6 / seconds,
    otherCores,
  };
}

async function runWorker(opts: Omit<VerifyOptions, 'threads'>) {
  const jwks = createLocalJWKSet(opts.jwks);
  const verify = (i: number) =>
    jwtVerify(opts.tokens[i % opts.tokens.length], jwks, { issuer: opts.issuer });
  // Warm-up, and proof that every token verifies before anything is timed.
  for (let i = 0; i < opts.tokens.length; i++) await verify(i);
  serveTimedWork(async () => {
    const latencies: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    let next = 0;
    const deadline = performance.now() + opts.seconds * 1000;
    const loop = async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await verify(next++);
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push((err as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: opts.inFlight }, loop));
    return { latencies: Float64Array.from(latencies), errors, errorSamples } satisfies WorkerResult;
  });
}

if (!isMainThread && workerData?.jwks) await runWorker(workerData);
