import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase } from './support/index.ts';

// `npm start` runs src/main.ts; these tests run it as a user would, in a child process.
const main = new URL('../src/main.ts', import.meta.url).pathname;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'cognate-start-'));
  dirs.push(d);
  return d;
}

function run(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

async function startChild(
  dataDir: string,
  database?: string,
): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      COGNATE_PORT: '0',
      COGNATE_DATA_DIR: dataDir,
      // The store under test: a PostgreSQL URL, or empty (unset) for SQLite in the data folder.
      COGNATE_DATABASE_URL: database ?? '',
      COGNATE_LOG_LEVEL: 'warn',
    },
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
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 100));
  return { child, out: () => out };
}

test('first start seeds a pool and client, prints ids, key and aws-exports; SIGTERM exits cleanly', async (t) => {
  const dataDir = tempDir();
  const database = await createTestDatabase();
  t.after(() => database.drop());
  const { child, out } = await startChild(dataDir, database.url);
  const text = out();
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
  assert.ok(url, text);
  const poolId = /user pool:\s+(us-east-1_\w+)/.exec(text)?.[1];
  const clientId = /web client:\s+(\w+)/.exec(text)?.[1];
  assert.ok(poolId && clientId, text);
  assert.match(text, /admin key:\s+AKCG\w+/);
  assert.match(text, new RegExp(`"aws_user_pools_id": "${poolId}"`));
  assert.match(text, new RegExp(`"aws_user_pools_web_client_id": "${clientId}"`));
  const creds = statSync(path.join(dataDir, 'credentials'));
  assert.equal(creds.mode & 0o777, 0o600);
  const health = await fetch(`${url}/health`);
  assert.equal(health.status, 200);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);

  // A second start on the same data keeps the same pool (no second seed).
  const again = await startChild(dataDir, database.url);
  assert.match(again.out(), new RegExp(`user pool:\\s+${poolId}`));
  const exited2 = new Promise((r) => again.child.on('exit', r));
  again.child.kill('SIGINT');
  await exited2;
});

/** An unsigned Cognito call, as a browser makes it; resolves to the status and `__type`. */
async function idpCall(url: string, operation: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { __type?: string };
  return { status: res.status, type: json.__type };
}

test('a write acknowledged before the process is killed (SIGKILL) is there after a restart', async (t) => {
  const dataDir = tempDir();
  const database = await createTestDatabase();
  t.after(() => database.drop());
  const first = await startChild(dataDir, database.url);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first.out())?.[1] as string;
  const ClientId = /web client:\s+(\w+)/.exec(first.out())?.[1] as string;
  const exited = new Promise((r) => first.child.on('exit', r));
  // Sign-ups keep coming; the server dies, with no warning, a little after the tenth answer.
  const acknowledged: string[] = [];
  const signUps = Array.from({ length: 60 }, async (_, i) => {
    const Username = `crash-${i}@example.com`;
    await new Promise((r) => setTimeout(r, i * 3));
    const r = await idpCall(url, 'SignUp', { ClientId, Username, Password: 'Passw0rd!' }).catch(
      () => undefined,
    );
    if (r?.status === 200) {
      acknowledged.push(Username);
      if (acknowledged.length === 10) first.child.kill('SIGKILL');
    }
  });
  await Promise.all(signUps);
  await exited;
  assert.ok(acknowledged.length >= 10, `only ${acknowledged.length} sign-ups answered`);

  const again = await startChild(dataDir, database.url);
  t.after(() => again.child.kill('SIGTERM'));
  const url2 = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(again.out())?.[1] as string;
  for (const Username of acknowledged) {
    const r = await idpCall(url2, 'SignUp', { ClientId, Username, Password: 'Passw0rd!' });
    assert.equal(r.type, 'UsernameExistsException', `${Username} was acknowledged, then lost`);
  }
});

test('--help lists options and their environment variables', () => {
  const r = run({}, ['--help']);
  assert.equal(r.status, 0);
  for (const name of ['COGNATE_PORT', 'COGNATE_HOST', 'COGNATE_DATA_DIR', 'COGNATE_DEV']) {
    assert.match(r.stdout, new RegExp(name));
  }
});

test('an invalid config value names the key and exits non-zero', () => {
  const r = run({ COGNATE_PORT: 'seventy', COGNATE_DATA_DIR: tempDir() });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /invalid config key "port" \(env COGNATE_PORT\)/);
});

test('dev mode is refused on a non-loopback bind', () => {
  const r = run({
    COGNATE_DEV: '1',
    COGNATE_HOST: '0.0.0.0',
    COGNATE_PORT: '0',
    COGNATE_DATA_DIR: tempDir(),
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /dev mode .* refused on a non-loopback bind/);
});

test('a database URL that is not PostgreSQL names the key and exits non-zero', () => {
  const r = run({
    COGNATE_DATABASE_URL: 'mysql://root@127.0.0.1/cognate',
    COGNATE_DATA_DIR: tempDir(),
  });
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /invalid config key "database" \(env COGNATE_DATABASE_URL\): must be a postgres:\/\/ or postgresql:\/\/ URL/,
  );
});

test('an unreachable PostgreSQL server is a clear start-up error', () => {
  const r = run({
    COGNATE_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere',
    COGNATE_DATA_DIR: tempDir(),
    COGNATE_PORT: '0',
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^cognate: .*ECONNREFUSED/m);
});
