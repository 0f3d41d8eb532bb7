import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';

/**
 * Group commit for SQLite in WAL mode, with the fsync off the event loop.
 *
 * With `synchronous = FULL` every commit fsyncs the WAL file on the calling thread: better-sqlite3
 * is synchronous, so each write stalls the whole server for the length of a disk flush, one
 * commit at a time. Instead the database runs with `synchronous = NORMAL` (a commit writes its
 * frames to the WAL file but does not flush it) and this module flushes the WAL file itself, on
 * libuv's thread pool, before any response goes out: one fsync then covers every commit made
 * before it began, however many requests made them. A commit is acknowledged only once it is on
 * disk, exactly as with FULL; a crash of the process loses nothing either way, since committed
 * frames are already in the operating system's cache.
 *
 * SQLite keeps syncing the WAL before checkpoints and the database file after them, and syncs the
 * WAL header when it starts the file over, so flushing the WAL file is all a commit needs.
 */
export interface WalSync {
  /** Records that a write has committed: the next `durable()` waits for a flush after it. */
  noteCommit(): void;
  /**
   * Resolves once every commit noted so far is on disk (at once when there is none); rejects,
   * now and from then on, if a flush fails, so nothing more is acknowledged.
   */
  durable(): Promise<void>;
  /** Flushes what is left, synchronously, and closes the file (once the database is closed). */
  close(): void;
}

/** How the file is flushed; tests pass one that counts or fails. */
export type Fsync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

/** Flushes `walFile` (the database's `-wal` file, which SQLite keeps while it is open). */
export function createWalSync(walFile: string, flushFile: Fsync = fsync): WalSync {
  // Kept open for the life of the database: closing a descriptor of a file drops every POSIX
  // lock this process holds on it, and SQLite must never lose its locks behind its back.
  const fd = openSync(walFile, 'r');
  let committed = 0;
  let synced = 0;
  let flushing: Promise<void> | undefined;
  let failure: Error | undefined;

  const flush = (): Promise<void> => {
    const upTo = committed;
    return new Promise<void>((resolve, reject) => {
      flushFile(fd, (err) => {
        if (err) {
          failure ??= new Error(
            `cannot make writes durable: fsync of the WAL failed: ${err.message}`,
          );
          reject(failure);
        } else {
          synced = Math.max(synced, upTo);
          resolve();
        }
      });
    });
  };

  const durable = async (): Promise<void> => {
    const target = committed;
    while (synced < target) {
      if (failure) throw failure;
      // A flush already running may have started before our commit: wait, then flush again.
      // A new one starts after this turn of the event loop, so that it covers every response
      // the turn produced.
      flushing ??= new Promise((resolve) => setImmediate(resolve)).then(flush).finally(() => {
        flushing = undefined;
      });
      await flushing;
    }
    if (failure) throw failure;
  };

  return {
    noteCommit: () => {
      committed++;
    },
    durable,
    close: () => {
      if (synced < committed && !failure) fsyncSync(fd);
      // A flush still running on the pool must not find its descriptor closed (or reused).
      if (flushing) void flushing.catch(() => {}).finally(() => closeSync(fd));
      else closeSync(fd);
    },
  };
}
