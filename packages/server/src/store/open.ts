import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import type { PoolClient } from 'pg';
import { migrationProvider } from './migrations/index.ts';
import { preparedNames } from './precompiled.ts';
import type { QueryStats } from './query-stats.ts';
import { startCheckpoints } from './sqlite-checkpoints.ts';
import { ImmediateSqliteDialect, wrapSqlite } from './sqlite-dialect.ts';
import { createWalSync, type Fsync } from './sqlite-durability.ts';
import { restrictSqliteFiles, sqliteFileOf } from './sqlite-file.ts';
import type { Database } from './tables.ts';

export type Db = Kysely<Database>;

/** Which store to open: a PostgreSQL URL, or else the SQLite file in the data folder. */
export interface StoreOptions {
  /** `postgres://` or `postgresql://` URL; unset means SQLite at `<dataDir>/cognate.sqlite`. */
  database?: string;
  /** Absolute data folder (holds the SQLite file when `database` is unset). */
  dataDir: string;
  /** Connections to PostgreSQL per server process. @default 10 */
  poolSize?: number;
  /** Told about errors of idle PostgreSQL connections (a restarted server, a dropped link). */
  onIdleError?: (err: Error) => void;
  /** How SQLite's WAL file is flushed (default `fs.fsync`); tests pass one that fails. */
  flushFile?: Fsync;
  /** Counts the statements of each request (`COGNATE_QUERY_STATS=1`); unset, nothing is counted. */
  queryStats?: QueryStats;
}

/** True when `url` names a PostgreSQL database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the configured store, SQLite or PostgreSQL, with the same schema and the same queries,
 * and brings its schema up to date. Several instances may open one PostgreSQL database at once:
 * the migrator's lock makes exactly one of them migrate.
 */
export async function openDatabase(opts: StoreOptions): Promise<Db> {
  if (opts.database) {
    if (!isPostgresUrl(opts.database)) {
      throw new Error('database must be a postgres:// or postgresql:// URL');
    }
    return openPostgres(opts.database, opts);
  }
  return openSqlite(sqliteFileOf(opts.dataDir), opts.flushFile, opts.queryStats);
}

/** int8 (`count(*)`, bigint columns) as a JS number: the store keeps epoch ms and counts, < 2^53. */
const INT8_OID = 20;

/** Opens the PostgreSQL database at `url` through a connection pool and migrates it. */
export async function openPostgres(
  url: string,
  opts: Pick<StoreOptions, 'poolSize' | 'onIdleError' | 'queryStats'> = {},
): Promise<Db> {
  // Loaded here, not at start: a server on SQLite never needs the PostgreSQL driver.
  const { default: pg } = await import('pg');
  const pgTypes = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'cognate',
    types: pgTypes,
  });
  // An idle connection that breaks emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (err) => opts.onIdleError?.(err));
  pool.on('connect', namePreparedStatements);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: opts.queryStats?.queryLog(true),
  });
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/**
 * Sends the hot queries (store/precompiled.ts) as named prepared statements: Kysely's driver
 * calls `query(text, values)`, so the name is added here, on each new connection, by text.
 */
function namePreparedStatements(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === 'string' ? preparedNames.get(text) : undefined;
    return name ? query({ name, text, values }, callback) : query(text, values, callback);
  };
}

/** What `whenDurable` waits on, per SQLite store; PostgreSQL commits are durable already. */
const barriers = new WeakMap<Db, () => Promise<void>>();

/**
 * Resolves once every write committed so far through `db` is on disk; answer a request only
 * after it. Immediate on PostgreSQL, whose commits are durable when they return; on SQLite, the
 * group commit of sqlite-durability.ts.
 */
export function whenDurable(db: Db): Promise<void> {
  return barriers.get(db)?.() ?? Promise.resolve();
}

/**
 * Opens (creating if needed) the SQLite database at `file` in WAL mode and brings its schema up
 * to date. Commits are flushed to disk in groups, off the event loop (sqlite-durability.ts):
 * a write survives a crash once `whenDurable` has resolved after it.
 */
export async function openSqlite(
  file: string,
  flushFile?: Fsync,
  queryStats?: QueryStats,
): Promise<Db> {
  const log = queryStats?.queryLog(false);
  // The folder holds keys and secrets: only its owner may read it.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  restrictSqliteFiles(file);
  const sqlite = new SQLite(file);
  const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Deleted and overwritten rows are zeroed, not left in free pages: a secret re-sealed or
  // removed does not linger in the file.
  sqlite.pragma('secure_delete = ON');
  if (mode !== 'wal') {
    // A file system without shared memory cannot hold a WAL: each commit then flushes itself.
    sqlite.pragma('synchronous = FULL');
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: wrapSqlite(sqlite) }),
      log,
    });
    await migrate(db);
    return db;
  }
  // NORMAL: commits do not flush; the WAL sync below does, for many commits at once.
  sqlite.pragma('synchronous = NORMAL');
  // The first read opens the WAL, creating its file, which then lives as long as the database is
  // open here.
  sqlite.prepare('select count(*) from sqlite_master').get();
  restrictSqliteFiles(file);
  const wal = createWalSync(`${file}-wal`, flushFile);
  // Checkpoints run on a thread (see sqlite-checkpoints.ts); if it fails, SQLite's own resume.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpoints = startCheckpoints(file, {
    onFailure: (err) => {
      process.emitWarning(`${err.message}; checkpoints run in the commits again`);
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    },
  });
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: wrapSqlite(sqlite, {
        onWriteCommitted: wal.noteCommit,
        beforeClose: checkpoints.close,
        onClose: wal.close,
      }),
    }),
    log,
  });
  barriers.set(db, wal.durable);
  await migrate(db);
  await wal.durable();
  return db;
}

/** Runs pending migrations under the migrator's lock; throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      failed
        ? `database migration ${failed} failed: ${messageOf(error)}`
        : `cannot open the database: ${messageOf(error)}`,
    );
  }
}

/** An error's message; a connection refused on every address (AggregateError) has none itself. */
function messageOf(err: unknown): string {
  if (err instanceof AggregateError && !err.message) {
    return err.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}
