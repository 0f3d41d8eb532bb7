// Runs one workspace's tests with node's own test runner (Node 20 has no globs): every
// *.test.ts under its test/ folder, or those whose path contains one of the arguments.
//
//   node ../../scripts/run-workspace-tests.mjs [file filters…]     (from the workspace folder)
//
// A root `npm test -- <filters>` passes the same arguments to every workspace: options meant for
// the server's runner (`--store=…`) are ignored, and filters matching nothing here run nothing
// and succeed, so a filter aimed at one package does not fail the others. These tests start
// their own server on SQLite.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...find(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = find(path.join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((x) => path.relative(root, f).includes(x)))
  .sort();
if (files.length === 0) {
  console.log(`run-workspace-tests: no test in ${path.basename(root)} matches; nothing to run`);
  process.exit(0);
}
const reporter = process.stdout.isTTY ? ['--test-reporter=spec'] : [];
const child = spawn(
  process.execPath,
  // `development` resolves `@cognate/server/testing`, the test helpers kept as TypeScript source
  // in this repository only (not in the published package).
  [
    '--conditions=development',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    ...reporter,
    ...files,
  ],
  { stdio: 'inherit', cwd: root, env: { ...process.env, COGNATE_TEST_STORE: 'sqlite' } },
);
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
