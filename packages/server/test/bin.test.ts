// The package's `cognate-server` command (what `npm start` runs): the compiled server in dist/,
// on plain node. The build runs first, so these tests see the current sources.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testStore } from './support/index.ts';

const run = promisify(execFile);
const pkg = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(pkg, 'bin', 'cognate-server.js');
// Nothing here depends on the store: one pass of the suite is enough for a build and these runs.
const skip = testStore !== 'sqlite' && 'store-independent; runs in the SQLite pass';
const dirs: string[] = [];

before(() => {
  if (skip) return;
  // The package's own build script, as npm ci and npm pack run it.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: pkg, stdio: 'pipe' });
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('cognate-server --help prints the usage and exits 0', { skip }, async () => {
  const { stdout } = await run(process.execPath, [bin, '--help']);
  assert.match(stdout, /^Usage: cognate/);
  assert.match(stdout, /--database/);
});

test('cognate-server refuses an unknown option with a message', { skip }, async () => {
  await assert.rejects(
    run(process.execPath, [bin, '--no-such-option']),
    (err: Error & { stderr?: string }) => {
      assert.match(String(err.stderr), /no-such-option/);
      return true;
    },
  );
});

test('cognate-server starts on SQLite under ./.cognate, prints the banner and answers', {
  skip,
}, async () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'cognate-bin-'));
  dirs.push(cwd);
  // As `npm start` in a fresh folder: defaults but the port (0: any free one), and no PostgreSQL
  // URL inherited from the test environment.
  const child = spawn(process.execPath, [bin], {
    cwd,
    env: { ...process.env, COGNATE_PORT: '0', COGNATE_DATABASE_URL: '', COGNATE_LOG_LEVEL: 'warn' },
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!out.includes('aws-exports.js')) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `no start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    assert.ok(url, out);
    assert.match(out, /user pool:\s+us-east-1_\w+/);
    assert.match(out, /"aws_user_pools_web_client_id": "\w+"/);
    assert.ok(
      existsSync(path.join(cwd, '.cognate', 'cognate.sqlite')),
      'no SQLite file in ./.cognate',
    );
    assert.equal((await fetch(`${url}/health`)).status, 200);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
