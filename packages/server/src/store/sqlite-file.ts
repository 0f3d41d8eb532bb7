import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';

/**
 * The SQLite file the server uses when no database URL is set. In a module of its own so the
 * entry point can look for it without loading the store.
 */
export function sqliteFileOf(dataDir: string): string {
  return path.join(dataDir, 'cognate.sqlite');
}

/**
 * Makes the database file (if new) and its WAL and shared-memory files readable by their owner
 * only (0600). SQLite creates the WAL and -shm files with the database file's mode, so creating
 * the database file 0600 before SQLite opens it covers them; the chmod fixes files an older
 * version made 0644.
 */
export function restrictSqliteFiles(file: string): void {
  if (process.platform === 'win32' || file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
