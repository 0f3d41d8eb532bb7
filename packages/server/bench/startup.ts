/**
 * The startup phase: how fast the compiled server (the bin, as `npm start` runs it) answers after
 * a cold start, and how much memory it holds once idle. Each start is a new process on a new,
 * empty SQLite folder, so it includes the migrations and the seeding of the default pool, as a
 * first `npm start` does.
 *
 *   npm run bench -- --phases startup
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, machineBusySeconds, sampleTree } from './proc.ts';
import { cognateBin, ensureBuilt } from './server-process.ts';

/** The goal for the 2-core machine: an answer within 1 s, under 90 MB resident. */
export const STARTUP_GOAL = { coldStartMs: 1000, idleRssBytes: 90e6 };

/** One start: spawn to the first 200 from /health, and VmRSS once idle. */
export interface StartupSample {
  coldStartMs: number;
  idleRssBytes: number;
  /** Cores other processes (not the server, not the bench) used meanwhile. */
  otherCores: number;
}

export interface StartupResult {
  starts: number;
  samples: StartupSample[];
  medianColdStartMs: number;
  medianIdleRssBytes: number;
  /** The most any start saw other processes use: start-up times are only as quiet as that. */
  otherCores: number;
}

/** How long after its first answer the server counts as idle (timers set, start-up work done). */
const SETTLE_MS = 2000;
/** How often /health is asked while the server starts; the figure's resolution. */
const POLL_MS = 5;

/**
 * Starts the compiled server `starts` times, one at a time, each on a fresh data folder and a
 * free port, and returns the medians of its cold start and idle RSS.
 */
export async function measureStartup(opts: {
  starts: number;
  log: (message: string) => void;
}): Promise<StartupResult> {
  ensureBuilt();
  opts.log(`startup: ${opts.starts} cold starts of the compiled server on a new SQLite folder`);
  const samples: StartupSample[] = [];
  for (let i = 0; i < opts.starts; i++) {
    const sample = await startOnce();
    opts.log(
      `  start ${i + 1}: ${sample.coldStartMs.toFixed(0)} ms, idle RSS ${mb(sample.idleRssBytes)}, other processes ${sample.otherCores.toFixed(2)} cores`,
    );
    samples.push(sample);
  }
  return {
    starts: opts.starts,
    samples,
    medianColdStartMs: median(samples.map((s) => s.coldStartMs)),
    medianIdleRssBytes: median(samples.map((s) => s.idleRssBytes)),
    otherCores: Math.max(...samples.map((s) => s.otherCores)),
  };
}

async function startOnce(): Promise<StartupSample> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-bench-startup-'));
  // Known before the spawn, so /health can be asked from the first moment (with --port 0 the
  // port would only be known from the banner, which comes after the listen).
  const port = await freePort();
  let output = '';
  const busyBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [cognateBin, '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COGNATE_DATABASE_URL: '' } },
  );
  child.stdout.on('data', (c: Buffer) => {
    output += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = started + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server exited while starting:\n${output}`);
      }
      if (performance.now() > deadline) throw new Error(`no answer within 30 s:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const coldStartMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const idleRssBytes = vmRss(child.pid as number);
    const server = sampleTree(child.pid as number).reduce((sum, p) => sum + p.cpu, 0);
    const self = process.cpuUsage(selfBefore);
    const other = machineBusySeconds() - busyBefore - server - (self.user + self.system) / 1e6;
    const seconds = (performance.now() - started) / 1000;
    return { coldStartMs, idleRssBytes, otherCores: Math.max(0, other / seconds) };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The resident set of a process right now (VmRSS in /proc/<pid>/status), in bytes. */
function vmRss(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Bytes as decimal megabytes, the goal's unit. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The startup figures as a table, each against its goal. */
export function formatStartup(r: StartupResult): string {
  const times = r.samples.map((s) => s.coldStartMs);
  const rss = r.samples.map((s) => s.idleRssBytes);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const rows = [
    [
      'cold start to first /health 200',
      ms(r.medianColdStartMs),
      `${ms(Math.min(...times))} – ${ms(Math.max(...times))}`,
      `< ${ms(STARTUP_GOAL.coldStartMs)}`,
      r.medianColdStartMs < STARTUP_GOAL.coldStartMs ? 'met' : 'MISSED',
    ],
    [
      `idle RSS (VmRSS, ${SETTLE_MS / 1000} s after)`,
      mb(r.medianIdleRssBytes),
      `${mb(Math.min(...rss))} – ${mb(Math.max(...rss))}`,
      `< ${mb(STARTUP_GOAL.idleRssBytes)}`,
      r.medianIdleRssBytes < STARTUP_GOAL.idleRssBytes ? 'met' : 'MISSED',
    ],
  ];
  const header = [`startup (${r.starts} starts, SQLite, 1 process)`, 'median', 'range', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const lines = [line(header), rule, ...rows.map(line)];
  if (r.otherCores >= 0.2) {
    lines.push(
      `  WARNING: other processes used up to ${r.otherCores.toFixed(2)} cores during the starts; rerun on a quiet machine`,
    );
  }
  return lines.join('\n');
}
