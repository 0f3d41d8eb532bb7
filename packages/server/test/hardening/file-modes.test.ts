// Issue 18, finding 8: the database files, the credentials files, the dev TLS key and the master
// key file are readable by their owner only; a data folder others may read is refused unless
// allowInsecureDataDir says otherwise.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import tls from 'node:tls';
import { startTestServer, type TestServer, testStore } from '../support/index.ts';

const parent = mkdtempSync(path.join(tmpdir(), 'cognate-modes-'));
const open: TestServer[] = [];
after(async () => {
  for (const t of open) await t.close().catch(() => {});
  rmSync(parent, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;
const octal = (m: number) => m.toString(8);

async function start(dataDir: string, config: Record<string, unknown> = {}) {
  const t = await startTestServer({ dataDir, config });
  open.push(t);
  return t;
}
async function stop(t: TestServer) {
  open.splice(open.indexOf(t), 1);
  await t.close();
}

/** Opens one TLS connection, which makes the dev certificate and its key. */
async function touchTls(t: TestServer) {
  const url = new URL(t.server.httpsUrl as string);
  await new Promise<void>((resolve, reject) => {
    const s = tls.connect(
      {
        host: url.hostname,
        port: Number(url.port),
        servername: 'localhost',
        rejectUnauthorized: false,
      },
      () => {
        s.end();
        resolve();
      },
    );
    s.on('error', reject);
  });
}

test('a new data folder is 0700 and every file in it 0600; the generated master key file too', async () => {
  const dataDir = path.join(parent, 'data');
  const t = await start(dataDir);
  await touchTls(t);
  assert.equal(octal(modeOf(dataDir)), '700');
  const files = ['credentials', 'config', 'tls/localhost.key'];
  if (testStore === 'sqlite')
    files.push('cognate.sqlite', 'cognate.sqlite-wal', 'cognate.sqlite-shm');
  for (const f of files) {
    const full = path.join(dataDir, f);
    assert.ok(existsSync(full), `${f} exists`);
    assert.equal(octal(modeOf(full)), '600', f);
  }
  // No key was configured: one was generated beside (not inside) the data folder.
  const keyFile = path.join(parent, '.cognate-master-key');
  assert.equal(octal(modeOf(keyFile)), '600');
  await stop(t);
});

test('files an older version made 0644 are made 0600 again at start', {
  skip: testStore !== 'sqlite',
}, async () => {
  const dataDir = path.join(parent, 'data');
  for (const f of ['cognate.sqlite', 'cognate.sqlite-wal', 'cognate.sqlite-shm']) {
    if (existsSync(path.join(dataDir, f))) chmodSync(path.join(dataDir, f), 0o644);
  }
  const t = await start(dataDir);
  for (const f of ['cognate.sqlite', 'cognate.sqlite-wal', 'cognate.sqlite-shm']) {
    assert.equal(octal(modeOf(path.join(dataDir, f))), '600', f);
  }
  await stop(t);
});

test('a data folder others may read is refused with the chmod to run, unless allowed', async () => {
  const dataDir = path.join(parent, 'shared');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  await assert.rejects(start(dataDir), (err: Error) => {
    assert.match(err.message, /may be read by other users/);
    assert.ok(err.message.includes(`chmod 700 '${dataDir}'`), err.message);
    return true;
  });
  const t = await start(dataDir, { allowInsecureDataDir: true });
  assert.ok(t.url);
  await stop(t);
});

test('a master key file others may read is refused', async () => {
  const keyFile = path.join(parent, '.cognate-master-key');
  chmodSync(keyFile, 0o644);
  try {
    await assert.rejects(start(path.join(parent, 'data')), /chmod 600/);
  } finally {
    chmodSync(keyFile, 0o600);
  }
});
