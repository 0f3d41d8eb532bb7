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
  /** Its size, in modular exponentiations (an RSA signature costs about one). */
  weight: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Messages sent and not yet answered, by id. */
  inFlight: Map<number, Pending[]>;
  /** The weight of the tasks sent and not yet answered. */
  load: number;
}

let threadCount = availableParallelism();
const threads: Thread[] = [];
/** Tasks for requests, first come first served. */
const queue: Pending[] = [];
/** Work ahead of need (ephemeral keys): sent only when no request's task is waiting. */
let spare: Pending[] = [];
let flushScheduled = false;
let nextId = 1;

/**
 * Work sent to a thread ahead of its answers, in exponentiations (about 4 ms): enough that a
 * thread does not go idle while the event loop is busy with other requests, small enough that
 * the rest waits here, for whichever thread frees up first. Queueing on the threads themselves
 * made one queue per thread, where a task could wait behind a long one while the other thread
 * sat idle (the open-loop tail).
 */
const THREAD_BUDGET = 4;

/**
 * Sets how many threads the pool runs (default: one per core). Takes effect before the first
 * task; a cluster of W processes on C cores gives each about C / W.
 */
export function setCryptoThreads(count: number): void {
  threadCount = Math.max(1, Math.floor(count));
}

const WEIGHTS: Record<Task['op'], (task: Task) => number> = {
  pow: () => 1,
  sign: () => 1,
  srp: () => 2,
  ephemerals: (task) => (task as { count: number }).count,
};

function submit<T>(task: Task, ahead = false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const pending = {
      task,
      weight: WEIGHTS[task.op](task),
      resolve: resolve as (value: unknown) => void,
      reject,
    };
    (ahead ? spare : queue).push(pending);
    if (!flushScheduled) {
      flushScheduled = true;
      // After this turn's I/O callbacks: every request handled in it joins the same messages.
      setImmediate(flush);
    }
  });
}

function flush(): void {
  flushScheduled = false;
  while (threads.length < threadCount) threads.push(startThread());
  dispatch();
}

/**
 * Sends waiting tasks to the threads with room in their budget, least loaded first, as one
 * message per thread; work ahead of need only once no request's task waits.
 */
function dispatch(): void {
  for (;;) {
    const source = queue.length > 0 ? queue : spare;
    if (source.length === 0) return;
    let thread: Thread | undefined;
    for (const t of threads) if (!thread || t.load < thread.load) thread = t;
    if (!thread || thread.load >= THREAD_BUDGET) return;
    // At least one task, even one heavier than the budget, so that none waits forever.
    let count = 0;
    let load = thread.load;
    while (count < source.length && (count === 0 || load + source[count].weight <= THREAD_BUDGET)) {
      load += source[count].weight;
      count++;
    }
    const part = source.splice(0, count);
    thread.load = load;
    const id = nextId++;
    // A thread keeps the process alive only while it has work (see startThread).
    if (thread.inFlight.size === 0) thread.worker.ref();
    thread.inFlight.set(id, part);
    thread.worker.postMessage({ id, tasks: part.map((p) => p.task) });
  }
}

function startThread(): Thread {
  const worker = new Worker(new URL('./crypto-worker.mjs', import.meta.url), {
    // Its objects are short-lived buffers and BigInts: a small young generation is collected
    // often and cheaply, and keeps each thread's heap (and the process's memory) small.
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });
  const thread: Thread = { worker, inFlight: new Map(), load: 0 };
  worker.on('message', ({ id, results }: { id: number; results: Result[] }) => {
    const part = thread.inFlight.get(id);
    thread.inFlight.delete(id);
    part?.forEach((p, i) => {
      thread.load -= p.weight;
      const r = results[i];
      if ('error' in r) p.reject(new Error(`crypto thread: ${r.error}`));
      else p.resolve(r.value);
    });
    // The thread has room again: the tasks that waited for it go now.
    dispatch();
    if (thread.inFlight.size === 0) worker.unref();
  });
  // A thread that dies fails its own tasks only; the next flush starts a replacement.
  const fail = (err: Error) => {
    const at = threads.indexOf(thread);
    if (at >= 0) threads.splice(at, 1);
    for (const part of thread.inFlight.values()) for (const p of part) p.reject(err);
    thread.inFlight.clear();
    thread.load = 0;
    // The tasks still waiting go to the threads left, or to a replacement started now.
    if (queue.length + spare.length > 0 && !flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
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
/** Pairs asked of the threads and not yet in the stash. */
let ordered = 0;
/** Requests waiting for a pair. */
const waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
const STASH_LOW = 16;
/** What the stash is topped up to, in pieces of {@link PIECE} pairs (about 2 ms of a thread). */
const STASH_FULL = 32;
const PIECE = 2;

/**
 * Takes a fresh ephemeral key pair for the server's side of SRP. Pairs are made on the threads
 * ahead of need, when they have nothing else to do, and never handed out twice.
 */
export async function nextEphemeral(): Promise<Ephemeral> {
  for (;;) {
    if (stash.length <= STASH_LOW) topUp();
    const e = stash.pop();
    if (e) return e;
    // A request waits for one: the pieces are not ahead of need any more.
    queue.push(...spare);
    spare = [];
    await new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  }
}

function topUp(): void {
  // Small when empty (the first sign-ins wait on it), full once the server is busy.
  const target = stash.length === 0 && ordered === 0 ? PIECE * 2 : STASH_FULL;
  while (stash.length + ordered < target) {
    ordered += PIECE;
    submit<[Uint8Array, Uint8Array][]>({ op: 'ephemerals', count: PIECE }, true).then(
      (pairs) => {
        ordered -= PIECE;
        for (const [b, gb] of pairs) stash.push({ b: bytesToBigInt(b), gb: bytesToBigInt(gb) });
        for (const w of waiters.splice(0)) w.resolve();
      },
      (err: Error) => {
        ordered -= PIECE;
        for (const w of waiters.splice(0)) w.reject(err);
      },
    );
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
