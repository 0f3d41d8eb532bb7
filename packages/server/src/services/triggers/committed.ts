/**
 * Writes that must be committed before a trigger runs. A trigger that runs after an operation's
 * change (PostConfirmation) cannot run inside the operation's transaction: on SQLite that
 * transaction holds the one connection, so a function calling the server back (the usual
 * AdminAddUserToGroup of a post-confirmation handler) would wait for itself until it times out.
 * Such operations run without the router's transaction and commit their change here first.
 */
import type { Db } from '../../store/open.ts';
import { CognateError } from '../errors.ts';

/**
 * Runs `fn` in a transaction of its own, the way the router runs an operation: an error marked
 * `keepWrites` (a counted wrong code) commits what was written before it and is thrown after the
 * commit; any other error rolls everything back.
 */
export async function commitOwnTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  // Already in one (a caller's): its owner decides what commits.
  if (db.isTransaction) return fn(db);
  const outcome = await db.transaction().execute(async (trx) => {
    try {
      return { value: await fn(trx) };
    } catch (err) {
      if (err instanceof CognateError && err.keepWrites) return { error: err };
      throw err;
    }
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
