// `npm test` at the root: every workspace's tests, one suite a workspace (each its own
// `npm test -w <name>`), in the order of the root package.json's "workspaces", and the time each
// suite took.
//
//   node scripts/test-workspaces.mjs [arguments…]      (npm test -- [arguments…])
//
// The arguments go to every suite (file filters, the server's --store=…); a workspace without a
// test script is passed over. A failing suite does not stop the others: every suite runs, and
// the run fails when any did. After each suite, and again at the end, a line
// `suite <name>: <seconds> s: ok` (or `FAILED (exit N)`); last, `N passed, N failed, N skipped`
// over all suites.
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

/**
 * Runs one workspace's `npm test` with `args`, passing its output through; resolves to its exit
 * code (1 for a signal) and the tests it counted: the runner's closing `N passed, N failed` line
 * where it prints one, else node's TAP summary (`# pass N`, `# fail N`, `# skipped N`).
 */
function runSuite(name, args) {
  // Under npm, npm_execpath is the npm that runs us; run the same one.
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const child = spawn(command, [...prefix, 'test', '-w', name, '--', ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  const tap = { pass: 0, fail: 0, skipped: 0 };
  let closing;
  let rest = '';
  const read = (text) => {
    const plain = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(text);
    if (plain) closing = { pass: +plain[1], fail: +plain[2], skipped: +(plain[3] ?? 0) };
    const summary = /^# (pass|fail|skipped) (\d+)$/.exec(text);
    if (summary) tap[summary[1]] += Number(summary[2]);
  };
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) read(text.trim());
  });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`test-workspaces: cannot run npm for ${name}: ${err.message}`);
      resolve({ code: 1, counts: tap });
    });
    child.on('close', (code, signal) => {
      read(rest.trim());
      resolve({ code: code ?? (signal ? 1 : 0), counts: closing ?? tap });
    });
  });
}

const line = (r) =>
  `suite ${r.name}: ${r.seconds.toFixed(1)} s: ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`}`;

const args = process.argv.slice(2);
const results = [];
for (const name of suites()) {
  console.log(`\n=== suite ${name} ===\n`);
  const started = Date.now();
  const { code, counts } = await runSuite(name, args);
  const result = { name, code, counts, seconds: (Date.now() - started) / 1000 };
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
// The closing line CI reads: every suite's tests together; a failed suite counts as a failure
// even when its runner reported none (a crash, say).
const sum = (key) => results.reduce((n, r) => n + r.counts[key], 0);
console.log(
  `${sum('pass')} passed, ${Math.max(sum('fail'), failed)} failed, ${sum('skipped')} skipped`,
);
process.exit(failed ? 1 : 0);
