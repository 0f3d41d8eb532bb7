import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { restrictSqliteFiles } from './sqlite-file.ts';

/**
 * Copies the SQLite database at `file` to `dest` with SQLite's online backup API, on a
 * connection of its own: a running server keeps reading and writing, and the copy is one
 * consistent state of the database (it restarts when a write lands mid-copy). The copy is
 * made 0600, like the database. Returns the number of pages copied.
 */
export async function backupSqlite(file: string, dest: string): Promise<number> {
  if (!existsSync(file)) throw new Error(`no database at ${file}`);
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
    rmSync(dest, { force: true });
    closeSync(openSync(dest, 'w', 0o600));
    const { totalPages } = await source.backup(dest);
    chmodSync(dest, 0o600);
    return totalPages;
  } finally {
    source.close();
  }
}

/**
 * Replaces the database at `file` with the snapshot `src` (checked first: a SQLite database that
 * passes `integrity_check` and holds Cognate's schema). Through the backup API, so a WAL left
 * beside `file` is overwritten consistently rather than replayed over the snapshot. The server
 * using `file` must be stopped.
 */
export async function restoreSqlite(src: string, file: string): Promise<number> {
  if (!existsSync(src)) throw new Error(`no backup at ${src}`);
  const snapshot = new SQLite(src, { readonly: true, fileMustExist: true });
  try {
    const check = snapshot.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`${src} is damaged: ${String(check)}`);
    const schema = snapshot
      .prepare(
        "select count(*) as n from sqlite_master where name in ('kysely_migration', 'users')",
      )
      .get() as { n: number };
    if (schema.n !== 2) throw new Error(`${src} is not a Cognate database`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    restrictSqliteFiles(file);
    const { totalPages } = await snapshot.backup(file);
    restrictSqliteFiles(file);
    return totalPages;
  } finally {
    snapshot.close();
  }
}
