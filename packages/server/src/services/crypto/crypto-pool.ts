/**
 * The server's public-key work on worker threads: modular exponentiation in the SRP group and
 * RS256 signatures.
 *
 * Node has no asynchronous Diffie-Hellman call, and one sign-in by SRP costs three 3072-bit
 * modexps (~0.5 ms each) and two RSA signatures (~0.25 ms each): run on the event loop they
 * would cap a process at one core and stall every other request behind them. The threads (one
 * per core by default, at a lower priority than the event loop) run OpenSSL; the event loop only
 * parses, queries and answers.
 *
 * Handing work to a thread costs the event loop more than the work's own size suggests (a
 * message, a wake-up of the thread, another of the loop for the answer), so the pool is lean:
 * the tasks asked for in one turn of the event loop go to each thread as one message, and the
 * server's ephemeral keys (b, g^b) are made ahead of need, many per message. The pool is
 * process-wide: every server in the process shares it.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** RFC 3526 3072-bit MODP group, the `N` hard-coded in the Cognito client. */
export const N_BYTES = crypto.getDiffieHellman('modp15').getPrime();
export const N = bufferToBigInt(N_BYTES);

/** What a worker computes (crypto-worker.mjs); values are big-endian magnitudes. */
type Task =
  | { op: 'pow'; base: Uint8Array; exp: Uint8Array }
  | { op: 'sign'; key: KeyObject; input: string }
  | { op: 'srp'; A: Uint8Array; v: Uint8Array; u: Uint8Array; b: Uint8Array }
  | { op: 'ephemerals'; count: number };
type Result = { value: unknown } | { error: string };

interface Pending {
  task: Task;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Messages sent and not yet answered, by id. */
  inFlight: Map<number, Pending[]>;
}

let threadCount = availableParallelism();
const threads: Thread[] = [];
let queue: Pending[] = [];
let flushScheduled = false;
let nextId = 1;

/**
 * Sets how many threads the pool runs (default: one per core). Takes effect before the first
 * task; a cluster of W processes on C cores gives each about C / W.
 */
export function setCryptoThreads(count: number): void {
  threadCount = Math.max(1, Math.floor(count));
}

function submit<T>(task: Task): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ task, resolve: resolve as (value: unknown) => void, reject });
    if (!flushScheduled) {
      flushScheduled = true;
      // After this turn's I/O callbacks: every request handled in it joins the same messages.
      setImmediate(flush);
    }
  });
}

function flush(): void {
  flushScheduled = false;
  const tasks = queue;
  queue = [];
  while (threads.length < threadCount) threads.push(startThread());
  // Spread the turn's tasks over the threads, least busy first.
  const order = [...threads].sort((a, b) => a.inFlight.size - b.inFlight.size);
  const share = Math.ceil(tasks.length / order.length);
  for (let i = 0; i * share < tasks.length; i++) {
    const part = tasks.slice(i * share, (i + 1) * share);
    const id = nextId++;
    // A thread keeps the process alive only while it has work (see startThread).
    if (order[i].inFlight.size === 0) order[i].worker.ref();
    order[i].inFlight.set(id, part);
    order[i].worker.postMessage({ id, tasks: part.map((p) => p.task) });
  }
}

function startThread(): Thread {
  const worker = new Worker(new URL('./crypto-worker.mjs', import.meta.url));
  const thread: Thread = { worker, inFlight: new Map() };
  worker.on('message', ({ id, results }: { id: number; results: Result[] }) => {
    const part = thread.inFlight.get(id);
    thread.inFlight.delete(id);
    if (thread.inFlight.size === 0) worker.unref();
    part?.forEach((p, i) => {
      const r = results[i];
      if ('error' in r) p.reject(new Error(`crypto thread: ${r.error}`));
      else p.resolve(r.value);
    });
  });
  // A thread that dies fails its own tasks only; the next flush starts a replacement.
  const fail = (err: Error) => {
    const at = threads.indexOf(thread);
    if (at >= 0) threads.splice(at, 1);
    for (const part of thread.inFlight.values()) for (const p of part) p.reject(err);
    thread.inFlight.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`crypto thread exited (code ${code})`)));
  // Idle threads must not keep the process alive (unref after the listeners, which ref it).
  worker.unref();
  return thread;
}

/** base^exp mod N. */
export async function modPow(base: bigint, exp: bigint): Promise<bigint> {
  const out = await submit<Uint8Array>({
    op: 'pow',
    base: bigIntToBuffer(base % N),
    exp: bigIntToBuffer(exp),
  });
  return bytesToBigInt(out);
}

/** The SRP server's premaster secret S = (A · v^u)^b mod N, in one trip to a thread. */
export async function srpSecret(A: bigint, v: bigint, u: bigint, b: bigint): Promise<bigint> {
  const out = await submit<Uint8Array>({
    op: 'srp',
    A: bigIntToBuffer(A % N),
    v: bigIntToBuffer(v % N),
    u: bigIntToBuffer(u),
    b: bigIntToBuffer(b),
  });
  return bytesToBigInt(out);
}

/** The RSASSA-PKCS1-v1_5 SHA-256 signature (RS256) of `input` with an RSA private key. */
export async function signRs256Input(key: KeyObject, input: string): Promise<Buffer> {
  return Buffer.from(bytesOf(await submit<Uint8Array>({ op: 'sign', key, input })));
}

/** A fresh secret exponent b (256 random bits) and g^b mod N. */
export interface Ephemeral {
  b: bigint;
  gb: bigint;
}

/** Made ahead, then each handed out once. */
const stash: Ephemeral[] = [];
let refilling: Promise<void> | undefined;
const STASH_LOW = 16;
const STASH_BATCH = 32;

/**
 * Takes a fresh ephemeral key pair for the server's side of SRP. Pairs are made on the threads
 * in batches ahead of need and never handed out twice.
 */
export async function nextEphemeral(): Promise<Ephemeral> {
  for (;;) {
    if (stash.length <= STASH_LOW) refilling ??= refill();
    const e = stash.pop();
    if (e) return e;
    await refilling;
  }
}

async function refill(): Promise<void> {
  try {
    // Small when empty (the first sign-ins wait on it), larger once the server is busy.
    const count = stash.length === 0 ? 4 : STASH_BATCH;
    const pairs = await submit<[Uint8Array, Uint8Array][]>({ op: 'ephemerals', count });
    for (const [b, gb] of pairs) stash.push({ b: bytesToBigInt(b), gb: bytesToBigInt(gb) });
  } finally {
    refilling = undefined;
  }
}

/** Big-endian bytes to a non-negative bigint. */
function bufferToBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

function bytesOf(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

function bytesToBigInt(u8: Uint8Array): bigint {
  return bufferToBigInt(bytesOf(u8));
}

/** A non-negative bigint to its minimal big-endian bytes. */
function bigIntToBuffer(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
