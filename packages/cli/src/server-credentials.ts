import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialsFileError, readProfile } from '@cognate/server/credentials-file';

// Where a local server's admin key is. The server writes `<data-dir>/credentials` and, beside
// it, `<data-dir>/config` whose profile names its endpoint (`endpoint_url`), so a data folder
// can be matched with the endpoint it belongs to.

/** The server's data folders worth a look, nearest first. */
function dataDirs(from: string, env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  // `cognate serve` (or `npm start`) in this folder or one above writes ./.cognate.
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, '.cognate'));
    if (path.dirname(dir) === dir) break;
  }
  if (env.COGNATE_DATA_DIR) dirs.unshift(path.resolve(from, env.COGNATE_DATA_DIR));
  // The CLI run from a Cognate checkout: `npm start` there keeps its data in <checkout>/.cognate.
  // (src/ or dist/ of packages/cli: three folders up is the checkout.)
  dirs.push(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.cognate'),
  );
  return [...new Set(dirs)];
}

/** The endpoint a data folder's AWS config file names, if it has one. */
export function endpointOf(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'config');
  if (!existsSync(file)) return undefined;
  const match = /^\s*endpoint_url\s*=\s*(\S+)/m.exec(readFileSync(file, 'utf8'));
  return match?.[1]?.replace(/\/+$/, '');
}

/** True for an endpoint on this machine. */
export function isLocalEndpoint(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  } catch {
    return false;
  }
}

/** Same server: same port on a loopback name, or the same URL. */
function sameServer(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    if (isLocalEndpoint(a) && isLocalEndpoint(b)) return x.port === y.port;
    return x.origin === y.origin;
  } catch {
    return false;
  }
}

/** A path as the project stores it: relative to the root when inside it. */
export function projectPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * The local server found from `from`: the nearest data folder with a credentials file (and the
 * endpoint its config names). `endpoint` narrows it to that server's folder.
 */
export function findLocalServer(
  from: string,
  endpoint?: string,
  env: NodeJS.ProcessEnv = process.env,
): { endpoint?: string; credentialsFile: string } | undefined {
  if (endpoint && !isLocalEndpoint(endpoint)) return undefined;
  for (const dir of dataDirs(from, env)) {
    const credentialsFile = path.join(dir, 'credentials');
    if (!existsSync(credentialsFile)) continue;
    const its = endpointOf(dir);
    if (!endpoint || !its || sameServer(endpoint, its)) return { endpoint: its, credentialsFile };
  }
  return undefined;
}

/** Why a credentials file cannot be used (missing, or without the profile), or undefined. */
export function credentialsProblem(file: string, profile: string): string | undefined {
  try {
    readProfile(file, profile);
    return undefined;
  } catch (err) {
    if (err instanceof CredentialsFileError) return err.message;
    throw err;
  }
}
