import type { Db } from '../open.ts';

/**
 * Inside a transaction, takes the write lock on a server secret row until commit, so instances
 * sharing the database run the work that follows one at a time: PostgreSQL locks the row (the
 * next instance's update waits, then reads what the first committed); SQLite's transaction
 * holds the database's write lock. The row must exist.
 */
export async function lockServerSecret(trx: Db, name: string): Promise<void> {
  await trx
    .updateTable('server_secrets')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('name', '=', name)
    .execute();
}
