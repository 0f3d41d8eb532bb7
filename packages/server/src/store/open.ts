import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import { ImmediateSqliteDialect } from './sqlite-dialect.ts';
import type { Database } from './tables.ts';

export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the SQLite database at `file` in WAL mode and brings its schema up
 * to date. WAL with `synchronous = FULL` means an acknowledged write survives a crash.
 */
export async function openSqlite(file: string): Promise<Db> {
  // The folder holds keys and secrets: only its owner may read it.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  await migrate(db);
  return db;
}

/** Runs pending migrations under the migrator's lock; throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`);
  }
}
