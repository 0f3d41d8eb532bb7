/**
 * The peer: cognito-local (the npm package, a devDependency) as a child process on loopback, with
 * its CLI defaults but for the port. It keeps its data in `.cognito/` under its working
 * directory, so it runs in a throwaway one.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ChildServer, startChild } from './child.ts';

export interface CognitoLocalServer extends ChildServer {
  url: string;
  version: string;
}

/** Starts cognito-local; rejects with the reason if it is not installed or does not start. */
export async function startCognitoLocal(): Promise<CognitoLocalServer> {
  const { script, version } = locate();
  const cwd = mkdtempSync(path.join(tmpdir(), 'cognito-local-bench-'));
  // Its default config makes every new pool take emails as usernames; Cognito's default, and
  // Cognate's, is plain usernames, which the bench uses. Arrays in config.json replace defaults.
  mkdirSync(path.join(cwd, '.cognito'));
  writeFileSync(
    path.join(cwd, '.cognito', 'config.json'),
    JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }),
  );
  try {
    const { child, match } = await startChild({
      args: [script],
      cwd,
      // PORT=0: any free port; it prints the one it got. HOST: its default is `localhost`.
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      ready: /Cognito Local running on (http:\/\/\S+)/,
    });
    return {
      ...child,
      url: match[1],
      version,
      async stop() {
        await child.stop();
        rmSync(cwd, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(cwd, { recursive: true, force: true });
    throw new Error(`cognito-local ${version} did not start: ${(err as Error).message}`);
  }
}

/** Its CLI script (the package's `bin`), found the way Node resolves the package. */
function locate(): { script: string; version: string } {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('cognito-local/package.json');
  } catch {
    throw new Error(
      'cognito-local is not installed (npm i -D -w @cognate/server cognito-local --ignore-scripts)',
    );
  }
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    version: string;
    bin: string | Record<string, string>;
  };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['cognito-local'];
  return { script: path.join(path.dirname(manifest), bin), version: pkg.version };
}
