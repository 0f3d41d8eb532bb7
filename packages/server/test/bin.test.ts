// The package's `cognate-server` command runs without a build step.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/cognate-server.js', import.meta.url));

test('cognate-server --help prints the usage and exits 0', async () => {
  const { stdout } = await run(process.execPath, [bin, '--help']);
  assert.match(stdout, /^Usage: cognate/);
  assert.match(stdout, /--database/);
});

test('cognate-server refuses an unknown option with a message', async () => {
  await assert.rejects(
    run(process.execPath, [bin, '--no-such-option']),
    (err: Error & { stderr?: string }) => {
      assert.match(String(err.stderr), /no-such-option/);
      return true;
    },
  );
});
