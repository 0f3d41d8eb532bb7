/**
 * A server under test as a child process: spawned, waited on until it prints where it listens,
 * observed through /proc as a process tree, stopped with SIGTERM.
 */
import { spawn } from 'node:child_process';
import { type ProcessSample, sampleTree } from './proc.ts';

export interface ChildServer {
  pid: number;
  /** Everything it wrote to stdout and stderr, colour codes removed (for errors and parsing). */
  output(): string;
  /** How it exited, if it has (before `stop`, that means it died). */
  exitStatus(): string | undefined;
  /** The process and its descendants (cluster workers) right now. */
  sample(): ProcessSample[];
  /** SIGTERM, wait for exit (SIGKILL after 5 s). Safe to call twice. */
  stop(): Promise<void>;
}

/** Output kept for error reports; servers that log every request would otherwise grow it. */
const MAX_OUTPUT = 64 * 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes of pino-pretty logs.
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/**
 * Starts `node <args>` in `cwd` and resolves once `ready` matches its output, with the match.
 * Rejects (after stopping it) if it exits or 30 s pass first.
 */
export async function startChild(opts: {
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  ready: RegExp;
}): Promise<{ child: ChildServer; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let stopped = false;
  const child: ChildServer = {
    pid: proc.pid as number,
    output: () => output,
    exitStatus: () =>
      proc.signalCode
        ? `signal ${proc.signalCode}`
        : proc.exitCode !== null
          ? `code ${proc.exitCode}`
          : undefined,
    sample: () => sampleTree(proc.pid as number),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const deadline = setTimeout(() => finish(new Error('did not start within 30 s')), 30_000);
    let waiting = true;
    // Reading goes on after start-up: a full pipe would block a server that logs every request.
    const onData = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString().replace(ANSI_COLOUR, '');
      const m = waiting ? opts.ready.exec(output) : null;
      if (m) finish(undefined, m);
    };
    const onExit = () => finish(new Error(`exited early (${child.exitStatus()})`));
    const finish = (err?: Error, m?: RegExpExecArray) => {
      waiting = false;
      clearTimeout(deadline);
      proc.off('exit', onExit);
      if (err) reject(err);
      else resolve(m as RegExpExecArray);
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', onExit);
  }).catch(async (err: Error) => {
    await child.stop();
    throw new Error(`${err.message}\n${output}`);
  });
  return { child, match };
}
