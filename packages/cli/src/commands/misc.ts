import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CliError, type Output } from '../output.ts';
import { Project } from '../project.ts';

/**
 * `cognate console [auth]` (Amplify's `amplify console auth`): the admin console's URL for the
 * checked-out environment, and whether that server serves one.
 */
export async function consoleUrl(
  category: string | undefined,
  opts: { endpoint?: string },
  out: Output,
): Promise<unknown> {
  if (category !== undefined && category !== 'auth') {
    throw new CliError(
      `cognate has no ${category} category; its console is the auth console`,
      '`cognate console` (or `cognate console auth`)',
      'UnknownCategory',
    );
  }
  const endpoint = opts.endpoint ?? Project.find().currentEnv().env.endpoint;
  const url = `${endpoint.replace(/\/+$/, '')}/console`;
  out.say(url);
  let available = false;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    available = res.ok;
  } catch {}
  if (!available) {
    out.say(
      'The server does not answer there now: start it (`cognate serve`), or update it to a version with the admin console.',
    );
  } else {
    out.say('Open it in a browser and sign in with the admin key (its id and secret).');
  }
  return { url, available };
}

/**
 * The project's trigger functions folder, as server flags, when the server would otherwise not
 * know it: inside a project whose folder exists, unless the flags, a config file or
 * COGNATE_FUNCTIONS_DIR already name a functions folder.
 */
export function functionsDirArgs(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  from = process.cwd(),
): string[] {
  const named = args.some((a) => /^--(functions-dir|config)(=|$)/.test(a));
  if (named || env.COGNATE_FUNCTIONS_DIR) return [];
  let project: Project;
  try {
    project = Project.find(from);
  } catch {
    return [];
  }
  const dir = project.functionsDir();
  return existsSync(dir) ? ['--functions-dir', dir] : [];
}

/**
 * `cognate serve`: runs the server of the `@cognate/server` package (as `npm start` does), with
 * any flags it takes, in this process's terminal; exits with its exit code. In a project with
 * trigger functions, the server runs them from the project's functions folder.
 */
export function serve(args: string[]): Promise<number> {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@cognate/server/package.json');
  const { bin } = require(manifest) as { bin: Record<string, string> };
  const server = path.join(path.dirname(manifest), bin['cognate-server']);
  const functions = functionsDirArgs(args);
  if (functions.length) {
    process.stderr.write(
      `cognate: trigger functions from ${path.relative(process.cwd(), functions[1]) || '.'}\n`,
    );
  }
  const child = spawn(process.execPath, [server, ...args, ...functions], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal; a plain kill of this process is passed on.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
