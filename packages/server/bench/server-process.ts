/**
 * The real Cognate server as a child process on loopback: the compiled bin, as `npm start` runs
 * it (built here first from the current sources), on a data dir (and optionally a PostgreSQL
 * database) the caller owns.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ChildServer, startChild } from './child.ts';
import { freePort } from './proc.ts';

const SERVER_DIR = path.resolve(import.meta.dirname, '..');
/** The `cognate-server` command: dist/main.js on plain node. */
export const cognateBin = path.join(SERVER_DIR, 'bin', 'cognate-server.js');

let built = false;
/**
 * Compiles the server into dist/ with its build script (once per bench process), so the bench
 * measures the current sources the way `npm start` runs them. The build's output goes to
 * stderr: stdout is the report's.
 */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: SERVER_DIR, stdio: ['ignore', 2, 2] });
  built = true;
}

export interface CognateServer extends ChildServer {
  url: string;
  /** The admin key from the start banner and `<dataDir>/credentials`, for the AWS SDK. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
}

export interface CognateOptions {
  /** Holds the SQLite file (without `database`) and the credentials file. */
  dataDir: string;
  /** `--workers`: 1 is a single process, n > 1 a cluster primary plus n workers. */
  workers: number;
  /** `--database`: a PostgreSQL URL; unset means SQLite in `dataDir`. */
  database?: string;
  /** Write each process's V8 CPU profile here on exit (node --cpu-prof). */
  cpuProfDir?: string;
  /**
   * `--public-url`: instances behind one load balancer share it, hence their token issuer, so a
   * token one instance issued is accepted by the others.
   */
  publicUrl?: string;
  /** Environment variables added to this process's (e.g. COGNATE_QUERY_STATS). */
  env?: Record<string, string>;
}

export async function startCognate(opts: CognateOptions): Promise<CognateServer> {
  const profile = opts.cpuProfDir
    ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.cpuProfDir)]
    : [];
  ensureBuilt();
  // With a shared public URL the banner shows that URL, not this instance's address: the port is
  // chosen here so the instance can be reached directly.
  const port = opts.publicUrl ? await freePort() : 0;
  const { child, match } = await startChild({
    args: [
      ...profile,
      cognateBin,
      '--port',
      String(port),
      '--data-dir',
      opts.dataDir,
      '--workers',
      String(opts.workers),
      ...(opts.database ? ['--database', opts.database] : []),
      ...(opts.publicUrl ? ['--public-url', opts.publicUrl] : []),
      '--no-seed',
      '--log-level',
      'warn',
    ],
    cwd: SERVER_DIR,
    env: { ...process.env, ...opts.env },
    // The banner comes after the first process has migrated the store: then all is ready but the
    // other cluster workers, which are waited for below.
    ready: /Cognate is listening on (\S+)[\s\S]*?admin key:\s+(\S+)/,
  }).catch((err: Error) => {
    throw new Error(`Cognate did not start: ${err.message}`);
  });
  await waitForProcesses(child, opts.workers > 1 ? opts.workers + 1 : 1);
  const profileIni = parseIni(readFileSync(path.join(opts.dataDir, 'credentials'), 'utf8'));
  const section = profileIni.cognate ?? {};
  return {
    ...child,
    url: opts.publicUrl ? `http://127.0.0.1:${port}` : match[1],
    credentials: { accessKeyId: match[2], secretAccessKey: section.aws_secret_access_key ?? '' },
    region: section.region ?? 'us-east-1',
  };
}

/** Whether this server build has `--database` (PostgreSQL), from its `--help`. */
export async function cognateHasDatabaseOption(): Promise<boolean> {
  ensureBuilt();
  const { stdout } = await promisify(execFile)(process.execPath, [cognateBin, '--help'], {
    cwd: SERVER_DIR,
  });
  return /--database\b/.test(stdout);
}

/**
 * The cluster primary forks the other workers only after the first is up, and they listen a
 * moment after they appear. Load started earlier would open its keep-alive connections to the
 * first worker alone and keep them there. A worker that has loaded and listens goes idle, so:
 * wait for `count` processes, then until the tree's CPU time stops growing.
 */
async function waitForProcesses(child: ChildServer, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  const sleep = () => new Promise((resolve) => setTimeout(resolve, 250));
  const cpu = () => child.sample().reduce((sum, p) => sum + p.cpu, 0);
  while (child.sample().length < count) {
    if (Date.now() > deadline) throw new Error(`Cognate did not reach ${count} processes in 30 s`);
    await sleep();
  }
  if (count === 1) return;
  let last = cpu();
  for (;;) {
    await sleep();
    const now = cpu();
    // Two clock ticks in 250 ms: idle but for timers and GC.
    if (now - last <= 0.02 || Date.now() > deadline) return;
    last = now;
  }
}

function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    const pair = /^\s*([^=#;]+?)\s*=\s*(.*?)\s*$/.exec(line);
    if (header) {
      section = {};
      out[header[1]] = section;
    } else if (pair) {
      section[pair[1]] = pair[2];
    }
  }
  return out;
}
