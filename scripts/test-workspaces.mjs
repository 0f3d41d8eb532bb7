// `npm test` at the root: every workspace's tests, one suite a workspace (each its own
// `npm test -w <name>`), in the order of the root package.json's "workspaces", and the time each
// suite took.
//
//   node scripts/test-workspaces.mjs [arguments…]      (npm test -- [arguments…])
//
// The arguments go to every suite (file filters, the server's --store=…); a workspace without a
// test script is passed over. A failing suite does not stop the others: every suite runs, and
// the run fails when any did. After each suite, and again at the end, a line
// `suite <name>: <seconds> s: ok` (or `FAILED (exit N)`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The workspaces with a test script, as npm orders them: by pattern, then by folder name. */
function suites() {
  const out = [];
  for (const pattern of readJson(path.join(root, 'package.json')).workspaces) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(path.join(root, pattern.slice(0, -2)))
          .sort()
          .map((name) => path.join(pattern.slice(0, -2), name))
      : [pattern];
    for (const dir of dirs) {
      const manifest = path.join(root, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name, scripts } = readJson(manifest);
      if (scripts?.test) out.push(name);
    }
  }
  return out;
}

/** Runs one workspace's `npm test` with `args`; resolves to its exit code (1 for a signal). */
function runSuite(name, args) {
  // Under npm, npm_execpath is the npm that runs us; run the same one.
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const child = spawn(command, [...prefix, 'test', '-w', name, '--', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`test-workspaces: cannot run npm for ${name}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const line = (r) =>
  `suite ${r.name}: ${r.seconds.toFixed(1)} s: ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`}`;

const args = process.argv.slice(2);
const results = [];
for (const name of suites()) {
  console.log(`\n=== suite ${name} ===\n`);
  const started = Date.now();
  const code = await runSuite(name, args);
  const result = { name, code, seconds: (Date.now() - started) / 1000 };
  results.push(result);
  console.log(`\n${line(result)}`);
}

console.log('\nSuites:');
for (const r of results) console.log(`  ${line(r)}`);
const total = results.reduce((sum, r) => sum + r.seconds, 0);
const failed = results.filter((r) => r.code !== 0).length;
console.log(
  `  all ${results.length} suites: ${total.toFixed(1)} s: ${failed ? `${failed} FAILED` : 'ok'}`,
);
process.exit(failed ? 1 : 0);
