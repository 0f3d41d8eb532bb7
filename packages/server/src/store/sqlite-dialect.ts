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

/** The parts of better-sqlite3 used here. */
interface SqliteStatementLike {
  readonly reader: boolean;
  readonly readonly: boolean;
  all(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
  iterate(...params: unknown[]): unknown;
}
interface SqliteDatabaseLike {
  prepare(sql: string): SqliteStatementLike;
  close(): unknown;
  readonly inTransaction: boolean;
}

/** Options of {@link wrapSqlite}. */
export interface WrapOptions {
  /** Prepared statements kept. @default 256 */
  cacheSize?: number;
  /** Called once a write is committed: after a writing statement outside a transaction, or after
   * the end of a transaction that wrote. */
  onWriteCommitted?: () => void;
  /** Called before the database is closed (other connections to the file close first). */
  beforeClose?: () => void;
  /** Called after the database is closed. */
  onClose?: () => void;
}

/**
 * Wraps a better-sqlite3 database for Kysely:
 * - each SQL text is prepared once: Kysely prepares every query anew, and preparing costs as much
 *   as running a small query; reuse is safe because Kysely runs one query at a time on its single
 *   connection and never streams here;
 * - it tells when a write has committed, for the group commit of sqlite-durability.ts.
 */
export function wrapSqlite<T extends SqliteDatabaseLike>(db: T, opts: WrapOptions = {}): T {
  const size = opts.cacheSize ?? 256;
  const cache = new Map<string, SqliteStatementLike>();
  let dirty = false;
  const afterRun = (writes: boolean) => {
    if (writes) dirty = true;
    // Outside a transaction now: an autocommitted write, or the commit (or rollback) of one.
    if (dirty && !db.inTransaction) {
      dirty = false;
      opts.onWriteCommitted?.();
    }
  };
  const wrap = (stmt: SqliteStatementLike, sql: string): SqliteStatementLike => {
    // BEGIN IMMEDIATE takes the write lock, so SQLite does not call it read-only; it writes nothing.
    const writes = !stmt.readonly && !/^\s*begin\b/i.test(sql);
    return {
      reader: stmt.reader,
      readonly: stmt.readonly,
      all: (...params) => {
        try {
          return stmt.all(...params);
        } finally {
          afterRun(writes);
        }
      },
      run: (...params) => {
        try {
          return stmt.run(...params);
        } finally {
          afterRun(writes);
        }
      },
      iterate: (...params) => stmt.iterate(...params),
    };
  };
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = wrap(db.prepare(sql), sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    prepare,
    close: () => {
      opts.beforeClose?.();
      db.close();
      opts.onClose?.();
    },
    get inTransaction() {
      return db.inTransaction;
    },
  } as unknown as T;
}
