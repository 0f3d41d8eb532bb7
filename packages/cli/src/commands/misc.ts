import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Output } from '../output.ts';
import { Project } from '../project.ts';

/** `cognate console`: the admin console's URL for the checked-out environment. */
export function consoleUrl(opts: { endpoint?: string }, out: Output): unknown {
  const endpoint = opts.endpoint ?? Project.find().currentEnv().env.endpoint;
  const url = `${endpoint.replace(/\/+$/, '')}/console`;
  out.say(url);
  out.say(
    'The admin console is not part of the Cognate server yet, so this URL does not answer today; manage pools with `cognate push` or the AWS CLI meanwhile.',
  );
  return { url, available: false };
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
