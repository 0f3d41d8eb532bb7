/**
 * Modular exponentiation in the SRP group, on a pool of worker threads.
 *
 * Node has no asynchronous Diffie-Hellman call, and one sign-in by SRP costs three 3072-bit
 * modexps (~1 ms each): run on the event loop they cap a process at one core and stall every
 * other request behind them. The threads (one per core by default) run OpenSSL's modexp; the
 * event loop only parses, queries and answers. The pool is process-wide, like libuv's: every
 * server in the process shares it, and idle threads exit.
 */
import crypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

/** RFC 3526 3072-bit MODP group, the `N` hard-coded in the Cognito client. */
export const N_BYTES = crypto.getDiffieHellman('modp15').getPrime();
export const N = bufferToBigInt(N_BYTES);

let pool: Piscina | undefined;
let threads = availableParallelism();

/**
 * Sets how many threads the pool may run (default: one per core). Takes effect for a pool not
 * yet started; a cluster of W processes on C cores gives each about C / W.
 */
export function setModexpThreads(count: number): void {
  threads = Math.max(1, Math.floor(count));
}

function threadPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./modexp-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 30_000,
    // No queue bound: the HTTP server's concurrency already bounds the work in flight.
  });
  return pool;
}

/** base^exp mod N. The bases OpenSSL refuses as DH public keys (0, 1, N-1) are answered here. */
export async function modPow(base: bigint, exp: bigint): Promise<bigint> {
  const r = base % N;
  if (exp === 0n) return 1n;
  if (r <= 1n) return r;
  if (r === N - 1n) return exp % 2n === 0n ? 1n : r;
  const out: Uint8Array = await threadPool().run({
    base: bigIntToBuffer(r),
    exp: bigIntToBuffer(exp),
  });
  return bufferToBigInt(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
}

/** Stops the threads (they also exit on their own when idle). */
export async function closeModexpPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}

/** Big-endian bytes to a non-negative bigint. */
export function bufferToBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

/** A non-negative bigint to its minimal big-endian bytes. */
export function bigIntToBuffer(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
