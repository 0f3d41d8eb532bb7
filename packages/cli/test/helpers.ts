import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '@cognate/server/testing';

/** The server's configuration, as startTestServer takes it. */
type Config = NonNullable<NonNullable<Parameters<typeof startTestServer>[0]>['config']>;

/**
 * Node's arguments that run the `cognate` command from its TypeScript sources, so the tests need
 * no build (the packaging test runs the compiled bin). tsx is named by its URL: the commands run
 * in temporary folders, from which `--import tsx` would not resolve.
 */
export const CLI = [
  // The server's credentials-file module from its sources too: its dist/ may be mid-build.
  '--conditions=development',
  '--import',
  import.meta.resolve('tsx'),
  fileURLToPath(new URL('../src/main.ts', import.meta.url)),
];

/** What one run of the CLI did. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cognate <args>` in `cwd`, without a terminal (as CI would), with `stdin` as input. */
export function cli(cwd: string, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/**
 * A server for the tests, with its admin key in a shared-credentials file as `serve` writes it.
 * `config`: server settings, such as the folder it runs trigger functions from.
 */
export async function startServer(
  opts: { config?: Partial<Config> } = {},
): Promise<TestServer & { credentials: string }> {
  const t = await startTestServer({ config: opts.config });
  const credentials = path.join(t.dataDir, 'credentials');
  writeFileSync(
    credentials,
    `[cognate]\naws_access_key_id = ${t.server.accessKey.accessKeyId}\naws_secret_access_key = ${t.server.accessKey.secret}\n`,
    { mode: 0o600 },
  );
  return Object.assign(t, { credentials });
}

/** A new, empty app folder. */
export function appDir(prefix = 'cognate-cli-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, 'src'));
  return dir;
}

/** `cognate init` for a test server, without questions. */
export async function initProject(dir: string, t: { url: string; credentials: string }) {
  const run = await cli(dir, [
    'init',
    '--yes',
    '--endpoint',
    t.url,
    '--credentials',
    t.credentials,
  ]);
  if (run.code !== 0) throw new Error(`init failed: ${run.stderr}`);
}

/** A hash of every file under `dir`, to prove a failed command changed nothing. */
export function snapshot(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** The object a generated `aws-exports.js` exports, loaded as the ES module it is. */
export async function loadAwsExports(dir: string): Promise<Record<string, unknown>> {
  const text = readFileSync(path.join(dir, 'src', 'aws-exports.js'), 'utf8');
  const mod = await import(`data:text/javascript,${encodeURIComponent(text)}`);
  return mod.default;
}

let sessions = 0;

/**
 * The CLI in a real pseudo-terminal: a tmux session on a socket of its own (so a developer's
 * tmux is never touched), read with capture-pane and typed into with send-keys.
 */
export class Terminal {
  private readonly socket = `cognate-cli-test-${process.pid}-${++sessions}`;
  private readonly session = 'cli';

  /** `program`: what runs `cognate` (default: node on the sources; an installed bin, npx …). */
  constructor(cwd: string, args: string[], program: string[] = [process.execPath, ...CLI]) {
    const command = [...program, ...args].map((a) => `'${a}'`).join(' ');
    // The exit code is printed after the command, and the pane stays until the test reads it.
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.session,
      '-x',
      '160',
      '-y',
      '50',
      '-c',
      cwd,
      `NO_COLOR=1 ${command}; echo "EXIT:$?"; sleep 600`,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The screen as text, with the scrollback. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', this.session);
  }

  /** Waits until the screen shows `text` (a string or pattern); returns the screen. */
  async waitFor(text: string | RegExp, timeout = 15000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${text}; the screen:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Answers every question with its default (Enter), as a person in a hurry would, until the
   * command ends; returns its exit code and the screen.
   */
  async acceptDefaults(timeout = 60000): Promise<{ code: number; screen: string }> {
    const deadline = Date.now() + timeout;
    let answered = '';
    for (;;) {
      const screen = this.screen();
      const exit = /EXIT:(\d+)/.exec(screen);
      if (exit) return { code: Number(exit[1]), screen };
      // Inquirer marks the open question with "?" and an answered one with "✔".
      const open = screen
        .split('\n')
        .filter((l) => /^\? /.test(l))
        .pop();
      if (open && screen !== answered) {
        answered = screen;
        this.keys('Enter');
      }
      if (Date.now() > deadline) throw new Error(`timed out; the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Presses keys (tmux names: Enter, Down, Space, BSpace, C-u …). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Types text literally, as a person would. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  /** Waits for a question, then answers it with keys. */
  async answer(question: string, ...keys: string[]): Promise<void> {
    await this.waitFor(question);
    this.keys(...keys);
  }

  /** Waits for the command to end; returns its exit code and the screen. */
  async exit(timeout = 30000): Promise<{ code: number; screen: string }> {
    const screen = await this.waitFor(/EXIT:\d+/, timeout);
    return { code: Number(/EXIT:(\d+)/.exec(screen)?.[1]), screen };
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {}
  }
}
