import assert from 'node:assert/strict';
import { fsync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createWalSync, type Fsync } from './sqlite-durability.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cognate-wal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A real fsync that counts its calls. */
function counting(): { fsync: Fsync; calls: () => number } {
  let calls = 0;
  return {
    fsync: (fd, done) => {
      calls++;
      fsync(fd, done);
    },
    calls: () => calls,
  };
}

function walFile(name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, '');
  return file;
}

test('nothing committed: durable() resolves without a flush', async () => {
  const c = counting();
  const wal = createWalSync(walFile('none'), c.fsync);
  await wal.durable();
  await wal.durable();
  assert.equal(c.calls(), 0);
  wal.close();
});

test('commits made in one turn of the event loop share one flush', async () => {
  const c = counting();
  const wal = createWalSync(walFile('group'), c.fsync);
  for (let i = 0; i < 10; i++) wal.noteCommit();
  await Promise.all(Array.from({ length: 10 }, () => wal.durable()));
  assert.equal(c.calls(), 1);
  // Already on disk: no new flush.
  await wal.durable();
  assert.equal(c.calls(), 1);
  wal.close();
});

test('a commit made while a flush runs waits for the next flush', async () => {
  let release: (() => void) | undefined;
  let calls = 0;
  // The first flush is held until the second commit has been noted.
  const held: Fsync = (fd, done) => {
    calls++;
    if (calls === 1) release = () => fsync(fd, done);
    else fsync(fd, done);
  };
  const wal = createWalSync(walFile('overlap'), held);
  wal.noteCommit();
  const first = wal.durable();
  while (!release) await new Promise((r) => setImmediate(r));
  wal.noteCommit();
  let secondDone = false;
  const second = wal.durable().then(() => {
    secondDone = true;
  });
  release();
  await first;
  assert.equal(secondDone, false, 'the second commit came after the first flush began');
  await second;
  assert.equal(calls, 2);
  wal.close();
});

test('a failed flush fails every waiter, and every later durable() call', async () => {
  const failing: Fsync = (_fd, done) => {
    const err: NodeJS.ErrnoException = new Error('EIO: i/o error, fsync');
    err.code = 'EIO';
    done(err);
  };
  const wal = createWalSync(walFile('fail'), failing);
  wal.noteCommit();
  const waiters = [wal.durable(), wal.durable()];
  for (const w of waiters) await assert.rejects(w, /cannot make writes durable.*EIO/);
  // Nothing is acknowledged afterwards, even with no new commit.
  await assert.rejects(wal.durable(), /cannot make writes durable/);
  wal.close();
});
