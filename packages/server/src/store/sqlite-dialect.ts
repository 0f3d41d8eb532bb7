import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';

/**
 * Kysely's SQLite dialect with `BEGIN IMMEDIATE` transactions. Several server processes share
 * one SQLite file; a deferred transaction that reads and then writes fails with SQLITE_BUSY
 * when another process committed in between, while an immediate one takes the write lock up
 * front and simply waits its turn (busy_timeout).
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** The part of a better-sqlite3 database Kysely uses. */
interface SqliteDatabaseLike {
  prepare(sql: string): unknown;
  close(): unknown;
}

/**
 * Wraps a better-sqlite3 database so each SQL text is prepared once. Kysely prepares every
 * query anew, and preparing costs as much as running a small query; statements are safe to
 * reuse because Kysely runs one query at a time on its single connection and never streams here.
 */
export function withStatementCache<T extends SqliteDatabaseLike>(db: T, size = 256): T {
  const cache = new Map<string, unknown>();
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return { prepare, close: () => db.close() } as unknown as T;
}
