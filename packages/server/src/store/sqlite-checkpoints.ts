import { stat } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints of a SQLite WAL on a thread of their own.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, on the
 * committing thread: better-sqlite3 is synchronous, so every few hundred sign-ins the event loop
 * stopped to copy pages into the database file and fsync it, and every request in flight waited
 * (the tail of the open-loop benchmark). The database instead runs with `wal_autocheckpoint = 0`
 * and a worker thread, with its own connection to the file, runs PASSIVE checkpoints (which never
 * wait for or block the writer) whenever the WAL has grown past a size. The next write after a
 * complete checkpoint starts the WAL over, so it stays near that size.
 */
export interface Checkpointer {
  /** Stops the thread and closes its connection (synchronously, before the database closes). */
  close(): void;
}

/** Options for {@link startCheckpoints}. */
export interface CheckpointOptions {
  /** The WAL size that calls for a checkpoint. @default 4 MiB, SQLite's own 1,000 pages */
  walBytes?: number;
  /** How often the WAL's size is looked at (first by the event loop, then by the thread). @default 200 ms */
  intervalMs?: number;
  /**
   * Called if the thread fails: the caller turns SQLite's own checkpoints back on, so the WAL
   * cannot grow without bound.
   */
  onFailure: (err: Error) => void;
}

/** How long `close` waits for a checkpoint in progress to end. */
const CLOSE_WAIT_MS = 10_000;

/**
 * Starts checkpointing `file` (the database file; its WAL is `<file>-wal`). The thread itself
 * starts only once the WAL first reaches the size (the event loop looks at it every
 * `intervalMs`, asynchronously): an idle server never pays for it.
 */
export function startCheckpoints(file: string, opts: CheckpointOptions): Checkpointer {
  const walBytes = opts.walBytes ?? 4 * 1024 * 1024;
  const intervalMs = opts.intervalMs ?? 200;
  let worker: Checkpointer | undefined;
  let closed = false;
  const watch = setInterval(() => {
    stat(`${file}-wal`, (err, stats) => {
      if (err || closed || worker || stats.size < walBytes) return;
      clearInterval(watch);
      worker = startThread(file, { ...opts, walBytes, intervalMs });
    });
  }, intervalMs);
  watch.unref();
  return {
    close() {
      closed = true;
      clearInterval(watch);
      worker?.close();
    },
  };
}

/** The checkpoint thread, with its own connection to `file`. */
function startThread(
  file: string,
  opts: CheckpointOptions & { walBytes: number; intervalMs: number },
): Checkpointer {
  const closed = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, walBytes: opts.walBytes, intervalMs: opts.intervalMs, closed },
    // It holds a handful of objects: a small heap keeps the process's memory down.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  });
  let failed = false;
  let closing = false;
  const fail = (err: Error) => {
    if (failed) return;
    failed = true;
    opts.onFailure(err);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) fail(new Error(`SQLite checkpoint: ${m.error}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`SQLite checkpoint thread exited (code ${code})`));
  });
  // It must not keep the process alive.
  worker.unref();
  return {
    close() {
      if (closing) return;
      closing = true;
      if (failed) return;
      worker.postMessage('close');
      // Its connection must be closed before the database's last one is: that one then finds
      // itself last and checkpoints the WAL away, as SQLite does on close.
      Atomics.wait(new Int32Array(closed), 0, 0, CLOSE_WAIT_MS);
    },
  };
}
