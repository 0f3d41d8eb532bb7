import type { Db } from './open.ts';

/**
 * Runs `fn` in a transaction: a new one, or the caller's when `db` already is one (Kysely
 * cannot nest them).
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
