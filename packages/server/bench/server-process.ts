/**
 * The real server as a child process: started on loopback with a throwaway data dir, observed
 * through /proc (peak RSS, CPU time), stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SERVER_DIR = path.resolve(import.meta.dirname, '..');
/** Linux reports /proc CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

export interface ServerProcess {
  url: string;
  pid: number;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Text the server wrote to stderr, for error reports. */
  stderr(): string;
  /** VmHWM: the highest resident set size so far, in bytes. */
  peakRssBytes(): number;
  /** CPU seconds used so far: the whole process, and its main (JavaScript) thread alone. */
  cpuSeconds(): { total: number; main: number };
  /** How the server exited, if it has (before `stop`, that means it died). */
  exitStatus(): string | undefined;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), delete the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** `cpuProfDir`: write the server's V8 CPU profile there when it exits (node --cpu-prof). */
export async function startServerProcess(
  opts: { cpuProfDir?: string } = {},
): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-bench-'));
  const profile = opts.cpuProfDir
    ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.cpuProfDir)]
    : [];
  const child = spawn(
    process.execPath,
    [
      ...profile,
      '--import',
      'tsx',
      'src/main.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
    ],
    { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await waitForLine(child, () => stdout, /Cognate is listening on (\S+)/);
    const accessKeyId = await waitForLine(child, () => stdout, /admin key:\s+(\S+)/);
    const credentials = parseIni(readFileSync(path.join(dataDir, 'credentials'), 'utf8'));
    const profile = credentials.cognate ?? {};
    const pid = child.pid as number;
    return {
      url,
      pid,
      accessKeyId,
      secretAccessKey: profile.aws_secret_access_key ?? '',
      region: profile.region ?? 'us-east-1',
      stderr: () => stderr,
      exitStatus: () =>
        child.signalCode
          ? `signal ${child.signalCode}`
          : child.exitCode !== null
            ? `code ${child.exitCode}`
            : undefined,
      peakRssBytes: () => {
        const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return Number(kib) * 1024;
      },
      cpuSeconds: () => ({
        total: statCpu(`/proc/${pid}/stat`),
        main: statCpu(`/proc/${pid}/task/${pid}/stat`),
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\nserver stderr:\n${stderr}`);
  }
}

/** Resolves with the first capture group once `pattern` appears in the output. */
function waitForLine(child: ChildProcess, output: () => string, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => finish(new Error('server did not start within 30 s')),
      30_000,
    );
    const check = () => {
      const match = pattern.exec(output());
      if (match) finish(undefined, match[1]);
    };
    const onExit = (code: number | null) => finish(new Error(`server exited early (code ${code})`));
    const finish = (err?: Error, value?: string) => {
      clearTimeout(deadline);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value as string);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** utime + stime from a /proc stat file, in seconds. Fields count from after the `(comm)`. */
function statCpu(file: string): number {
  const text = readFileSync(file, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
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
