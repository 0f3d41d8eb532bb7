// `npm run bench` at the root: the server's benchmark (packages/server/bench, every argument
// passed to it), then @cognate/sigv4's verifier checks per second, then @cognate/auth's CPU per
// client SRP sign-in next to amazon-cognito-identity-js, unless `--phases` names a list without
// `verifier` / `client-srp`. `--quick` shortens all three. Last comes the Targets table: the
// server's rows, each beside its reference from this run, and the client's.
//
// `--readme` also writes that table, with the machine it ran on, into the README between the
// `<!-- bench:start -->` and `<!-- bench:end -->` markers.
//
//   node scripts/bench.mjs [--quick] [--readme] [--phases startup,USER_SRP_AUTH,…,verifier,client-srp] [server flags…]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const readme = args.includes('--readme');
if (readme) args.splice(args.indexOf('--readme'), 1);
// What was run, for the README: the command without the server's output file.
const command = ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' ');
const phasesAt = args.findIndex((a) => a === '--phases' || a.startsWith('--phases='));
let verifier = true;
let clientSrp = true;
const OWN_PHASES = ['verifier', 'client-srp'];
if (phasesAt >= 0) {
  const value = args[phasesAt].includes('=') ? args[phasesAt].split('=')[1] : args[phasesAt + 1];
  const list = (value ?? '').split(',').filter(Boolean);
  verifier = list.includes('verifier');
  clientSrp = list.includes('client-srp');
  const rest = list.filter((p) => !OWN_PHASES.includes(p));
  // The server's bench knows its own phases only; with nothing left for it, it is not run.
  if (args[phasesAt].includes('=')) args.splice(phasesAt, 1, `--phases=${rest.join(',')}`);
  else args.splice(phasesAt, 2, '--phases', rest.join(','));
  if (rest.length === 0) args.splice(args.indexOf('--phases'), 2);
}
const serverWanted =
  phasesAt < 0 || args.includes('--phases') || args.some((a) => a.startsWith('--phases='));
const npm = process.env.npm_execpath;
const run = (workspace, rest, capture = false) => {
  const [cmd, prefix] = npm?.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const child = spawnSync(cmd, [...prefix, 'run', 'bench', '-w', workspace, '--', ...rest], {
    cwd: root,
    stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (capture) process.stdout.write(child.stdout ?? '');
  return { status: child.status ?? 1, stdout: child.stdout ?? '' };
};

const scratch = mkdtempSync(path.join(tmpdir(), 'cognate-bench-targets-'));
const targetsFile = path.join(scratch, 'targets.json');
let status = 0;
let clientRow;
try {
  if (serverWanted) status = run('@cognate/server', [...args, '--targets-out', targetsFile]).status;
  if (status === 0 && verifier) {
    status = run('@cognate/sigv4', args.includes('--quick') ? ['--seconds', '1'] : []).status;
  }
  if (status === 0 && clientSrp) {
    const client = run('@cognate/auth', args.includes('--quick') ? ['--quick'] : [], true);
    status = client.status;
    clientRow = clientSrpRow(client.stdout);
  }
  const server = serverWanted ? readTargets() : undefined;
  const rows = [...(server?.targets ?? []), ...(clientRow ? [clientRow] : [])];
  if (rows.length) {
    process.stdout.write(`\nTargets\n\n${formatTargets(rows)}\n`);
    if (readme && server) writeReadme(server, rows);
    else if (readme)
      process.stderr.write('--readme: the server bench did not run; README left as it was\n');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);

function readTargets() {
  try {
    return JSON.parse(readFileSync(targetsFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The client bench's summary line and its identity-js row, as a target row. */
function clientSrpRow(stdout) {
  const ours = /@cognate\/auth: ([\d.]+) ms CPU per sign-in \(target ≤ ([\d.]+) ms/.exec(stdout);
  if (!ours) return undefined;
  // | amazon-cognito-identity-js | p50 | mean | p99 | wall |
  const theirs = /\|\s*amazon-cognito-identity-js\s*\|\s*[\d.]+\s*\|\s*([\d.]+)/.exec(stdout);
  const ms = Number(ours[1]);
  const limit = Number(ours[2]);
  const ref = theirs ? Number(theirs[1]) : undefined;
  return {
    target: `Client SRP sign-in, @cognate/auth in Node: ≤ ${limit} ms CPU`,
    measured: `${ms.toFixed(2)} ms CPU`,
    reference: ref === undefined ? '-' : `amazon-cognito-identity-js ${ref.toFixed(2)} ms`,
    ratio: ref === undefined ? '-' : `${(ref / ms).toFixed(1)}x less`,
    met: ms <= limit,
  };
}

function formatTargets(rows) {
  const header = ['target', 'measured', 'reference', 'ratio', 'met'];
  const met = (m) => (m === undefined ? '-' : m ? 'met' : 'not met');
  const body = rows.map((r) => [r.target, r.measured, r.reference, r.ratio, met(r.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** Replaces the README's benchmark block with this run's table and the machine it ran on. */
function writeReadme(server, rows) {
  const file = path.join(root, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    process.stderr.write(`--readme: README.md has no ${start} … ${end} block; left as it was\n`);
    return;
  }
  const { machine } = server;
  const caveats = [
    server.quick ? 'short phases (`--quick`)' : undefined,
    server.noisy
      ? 'other processes used CPU meanwhile (a shared machine), so figures read low'
      : undefined,
  ].filter(Boolean);
  const intro =
    `From \`${command}\` on ${machine.cpu}, ${machine.cores} cores (shared by the load generator, ` +
    `the server and PostgreSQL), Node ${machine.node.replace(/^v/, '')}` +
    (caveats.length ? `; ${caveats.join('; ')}` : '') +
    '. Each target beside its reference from the same run; [the benchmark page](docs/benchmarks.md) has every phase.';
  const block = [start, ...wrap(intro, 100), '', formatTargets(rows), end].join('\n');
  writeFileSync(file, text.slice(0, from) + block + text.slice(to + end.length));
  process.stderr.write('README.md: benchmark table rewritten\n');
}
