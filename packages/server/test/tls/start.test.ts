// `npm start` with https on the same port, as a user runs it (a child process): the banner shows
// the https form, and SIGTERM still stops the server at once and cleanly with an https keep-alive
// connection open and a client that connected and said nothing.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase } from '../support/index.ts';
import { httpsGet } from './https.ts';

const main = new URL('../../src/main.ts', import.meta.url).pathname;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'cognate-tls-start-'));
  dirs.push(d);
  return d;
}

async function startChild(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, COGNATE_PORT: '0', COGNATE_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  const deadline = Date.now() + 30_000;
  while (!out.includes('aws-exports.js')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, out };
}

test('the banner shows https on the same port; SIGTERM exits cleanly with https connections open', async (t) => {
  const database = await createTestDatabase();
  t.after(() => database.drop());
  const { child, out } = await startChild({
    COGNATE_DATA_DIR: tempDir(),
    COGNATE_DATABASE_URL: database.url ?? '',
  });
  const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
  assert.ok(port, out);
  assert.match(out, new RegExp(`https: +https://localhost:${port} \\(same port; self-signed`));
  assert.match(out, new RegExp(`oauth\\.domain\\): 'localhost:${port}/domains/<domain>'`));

  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  const res = await httpsGet(`https://localhost:${port}/health`, { agent });
  assert.equal(res.status, 200);
  // A client that connected and said nothing yet.
  const silent = connect(Number(port), '127.0.0.1');
  silent.on('error', () => {});
  await new Promise((r) => silent.once('connect', r));
  t.after(() => silent.destroy());

  const started = Date.now();
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(Date.now() - started < 5000, `stopping took ${Date.now() - started} ms`);
});

test('COGNATE_TLS=off: no https line; a TLS key without its certificate is refused by name', async (t) => {
  const { child, out } = await startChild({
    COGNATE_DATA_DIR: tempDir(),
    COGNATE_DATABASE_URL: '',
    COGNATE_TLS: 'off',
  });
  t.after(() => child.kill('SIGTERM'));
  assert.doesNotMatch(out, /https:/);

  const r = spawnSync(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, COGNATE_DATA_DIR: tempDir(), COGNATE_TLS_KEY: 'key.pem' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /invalid config key "tls\.cert" \(env COGNATE_TLS_CERT\)/);
});
