import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { startCheckpoints } from './sqlite-checkpoints.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cognate-checkpoints-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL database whose own connection never checkpoints, as openSqlite sets it up. */
function open(name: string) {
  const file = path.join(dir, name);
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (id integer primary key, v blob)');
  return { file, db, insert: db.prepare('insert into t (v) values (?)') };
}

const size = (file: string) => statSync(file).size;

test('the thread checkpoints a grown WAL, and writes then start it over, so it stays bounded', async () => {
  const { file, db, insert } = open('bounded.sqlite');
  const failures: Error[] = [];
  const cp = startCheckpoints(file, {
    walBytes: 64 * 1024,
    intervalMs: 10,
    onFailure: (e) => failures.push(e),
  });
  const before = size(file);
  let largestWal = 0;
  // 4 MB in 64 rounds of 16 rows of 4 KB. After a round that takes the WAL past the size, wait
  // (up to 5 s, for a slow machine) for the thread's checkpoint to reach the database file.
  for (let round = 0; round < 64; round++) {
    db.transaction(() => {
      for (let i = 0; i < 16; i++) insert.run(Buffer.alloc(4096, round));
    })();
    const wal = size(`${file}-wal`);
    largestWal = Math.max(largestWal, wal);
    if (wal < 64 * 1024) continue;
    const fileBefore = size(file);
    for (let i = 0; i < 500 && size(file) === fileBefore; i++) await sleep(10);
  }
  // The rows reached the database file itself: only a checkpoint writes there.
  assert.ok(size(file) > before + 2 * 1024 * 1024, `database file ${size(file)} bytes`);
  // Without the thread the WAL would hold all 4 MB (autocheckpoint is off on this connection).
  assert.ok(largestWal < 1024 * 1024, `the WAL reached ${largestWal} bytes`);
  assert.deepEqual(failures, []);
  cp.close();
  db.close();
  // Closed first, the thread's connection left this one last: SQLite removed the WAL on close.
  assert.equal(existsSync(`${file}-wal`), false);
});

test('a small WAL is left alone, and close() returns at once with no connection opened', async () => {
  const { file, db, insert } = open('small.sqlite');
  const cp = startCheckpoints(file, { intervalMs: 5, onFailure: assert.fail });
  insert.run(Buffer.alloc(100));
  const walBefore = size(`${file}-wal`);
  await sleep(50);
  assert.equal(size(`${file}-wal`), walBefore);
  const started = performance.now();
  cp.close();
  assert.ok(performance.now() - started < 1000);
  db.close();
  assert.equal(existsSync(`${file}-wal`), false);
});

test('a thread that cannot checkpoint reports it, so the caller can turn SQLite’s own back on', async () => {
  // A missing WAL is nothing to do, not a failure.
  let failure: Error | undefined;
  const onFailure = (e: Error) => {
    failure = e;
  };
  const missing = startCheckpoints(path.join(dir, 'none.sqlite'), {
    walBytes: 1,
    intervalMs: 5,
    onFailure,
  });
  await sleep(50);
  assert.equal(failure, undefined);
  missing.close();
  // A file that is not a database, with a WAL beside it: the first checkpoint fails.
  const file = path.join(dir, 'garbage.sqlite');
  writeFileSync(file, randomBytes(8192));
  writeFileSync(`${file}-wal`, randomBytes(8192));
  const broken = startCheckpoints(file, { walBytes: 1, intervalMs: 5, onFailure });
  for (let i = 0; i < 200 && !failure; i++) await sleep(10);
  assert.match(
    String((failure as Error | undefined)?.message),
    /SQLite checkpoint: .*(not a database|malformed)/,
  );
  broken.close();
});
