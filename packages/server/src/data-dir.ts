import { mkdirSync, statSync } from 'node:fs';

/**
 * Makes the data folder (mode 0700) if it is missing, and refuses one that other users may enter
 * or read: it holds the database, the admin credentials and keys. `allowInsecure` (config
 * `allowInsecureDataDir`) lets a deliberate setup (a shared group folder) start anyway.
 */
export function secureDataDir(dir: string, opts: { allowInsecure: boolean }): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32' || opts.allowInsecure) return;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `the data folder ${dir} (mode ${mode.toString(8).padStart(4, '0')}) may be read by other users, and it holds the database and keys. ` +
        `Run: chmod 700 '${dir}'  (or set COGNATE_ALLOW_INSECURE_DATA_DIR=1 to start anyway)`,
    );
  }
}
