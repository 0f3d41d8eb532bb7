// Worker thread that checkpoints a SQLite database in WAL mode (see sqlite-checkpoints.ts). Plain
// JavaScript so the thread starts without a TypeScript loader.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, walBytes, intervalMs, closed } = workerData;
const flag = new Int32Array(closed);
/** Opened at the first checkpoint: a server that never writes much never opens it. */
let db;
let timer;

/** A PASSIVE checkpoint once the WAL has grown past `walBytes`: it never waits for the writer. */
function tick() {
  try {
    if (statSync(`${file}-wal`).size < walBytes) return;
    db ??= new SQLite(file, { fileMustExist: true });
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // A WAL that does not exist yet or any more needs no checkpoint; anything else is reported.
    if (err?.code !== 'ENOENT') parentPort.postMessage({ error: String(err?.message ?? err) });
  }
}

timer = setInterval(tick, intervalMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') tick();
  if (message !== 'close') return;
  clearInterval(timer);
  timer = undefined;
  try {
    db?.close();
  } finally {
    db = undefined;
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    parentPort.close();
  }
});
