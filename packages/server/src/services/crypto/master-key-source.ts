import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  formatMasterKey,
  type MasterKey,
  MasterKeyError,
  type MasterKeyRing,
  newMasterKey,
  parseMasterKey,
} from './master-key.ts';

/** Where the master key comes from (the config keys of that name). */
export interface MasterKeyOptions {
  /** The key itself (base64 or hex of 32 bytes). */
  masterKey?: string;
  /** A file holding it: the current key on the first line, older (decrypt-only) keys after. */
  masterKeyFile?: string;
  /** Older keys (comma-separated), to open values until they are re-sealed with the new one. */
  previousMasterKeys?: string;
  /** Absolute data folder; the default key file sits beside it. */
  dataDir: string;
}

/** A key ring and where it came from, for messages. */
export interface LoadedMasterKey {
  ring: MasterKeyRing;
  /** `COGNATE_MASTER_KEY`, or the key file's path. */
  source: string;
  /** The key file, when the key lives in one (rotation rewrites it). */
  file?: string;
  /** True when the key is the generated default file (no key was configured). */
  generated: boolean;
}

/**
 * The default key file: `.cognate-master-key` in the data folder's parent, outside the folder so
 * a copy of the data folder (a backup, a stolen disk image of it) does not carry its key.
 */
export function defaultMasterKeyFile(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), '.cognate-master-key');
}

/**
 * Loads the master key ring: `masterKey` (env COGNATE_MASTER_KEY), else `masterKeyFile` (env
 * COGNATE_MASTER_KEY_FILE), else the default key file, made (mode 0600) on first use so a fresh
 * `npm start` needs no setup.
 */
export function loadMasterKey(opts: MasterKeyOptions): LoadedMasterKey {
  const previous = (opts.previousMasterKeys ?? '')
    .split(',')
    .filter((s) => s.trim())
    .map(parseMasterKey);
  if (opts.masterKey) {
    return {
      ring: { current: parseMasterKey(opts.masterKey), previous },
      source: 'COGNATE_MASTER_KEY',
      generated: false,
    };
  }
  const file = opts.masterKeyFile ?? defaultMasterKeyFile(opts.dataDir);
  const generated = !opts.masterKeyFile;
  if (generated) createKeyFileOnce(file);
  const keys = readKeyFile(file);
  return {
    ring: { current: keys[0], previous: [...keys.slice(1), ...previous] },
    source: file,
    file,
    generated,
  };
}

/** The keys of a key file, current first; refuses a file others may read. */
export function readKeyFile(file: string): MasterKey[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new MasterKeyError(`cannot read the master key file ${file}: ${(err as Error).message}`);
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new MasterKeyError(
      `the master key file ${file} may be read by other users; run: chmod 600 '${file}'`,
    );
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new MasterKeyError(`the master key file ${file} holds no key`);
  return lines.map((l) => {
    try {
      return parseMasterKey(l);
    } catch (err) {
      throw new MasterKeyError(`${file}: ${(err as Error).message}`);
    }
  });
}

/** Writes a key file (mode 0600) whole: written aside, then renamed over the old one. */
export function writeKeyFile(file: string, keys: MasterKey[]): void {
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(aside, keyFileText(keys), { mode: 0o600 });
  chmodSync(aside, 0o600);
  renameSync(aside, file);
}

function keyFileText(keys: MasterKey[]): string {
  const [current, ...older] = keys;
  const lines = ['# Cognate master key: seals the secrets in the database. Keep it apart from it.'];
  lines.push(formatMasterKey(current));
  if (older.length) lines.push('# older keys, to open values sealed before a rotation:');
  lines.push(...older.map(formatMasterKey));
  return `${lines.join('\n')}\n`;
}

/**
 * Makes the key file unless it exists. Written aside and hard-linked into place, so processes
 * starting together (a cluster, parallel tests) all end up reading the one whole file.
 */
function createKeyFileOnce(file: string): void {
  try {
    statSync(file);
    return;
  } catch {
    // missing: make it
  }
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(aside, keyFileText([newMasterKey()]), { mode: 0o600 });
  chmodSync(aside, 0o600);
  try {
    linkSync(aside, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new MasterKeyError(
        `cannot create the master key file ${file} (${(err as Error).message}); set COGNATE_MASTER_KEY or COGNATE_MASTER_KEY_FILE`,
      );
    }
  } finally {
    rmSync(aside, { force: true });
  }
}
