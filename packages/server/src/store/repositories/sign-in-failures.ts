import { sql } from 'kysely';
import type { Db } from '../open.ts';

/** A user's run of failed sign-ins. */
export interface SignInFailures {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** The user's current run of failures, if any. */
export async function findFailures(db: Db, userId: string): Promise<SignInFailures | undefined> {
  const row = await db
    .selectFrom('sign_in_failures')
    .select(['failures', 'last_failure_at', 'locked_until'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (
    row && {
      failures: Number(row.failures),
      lastFailureAt: Number(row.last_failure_at),
      lockedUntil: Number(row.locked_until),
    }
  );
}

/**
 * Counts one failure atomically (concurrent failures each count) and returns the new count. A
 * run whose last failure is older than `resetBefore` starts again at 1.
 */
export async function countFailure(
  db: Db,
  user: { id: string; userPoolId: string },
  now: number,
  resetBefore: number,
): Promise<number> {
  const row = await db
    .insertInto('sign_in_failures')
    .values({
      user_id: user.id,
      user_pool_id: user.userPoolId,
      failures: 1,
      last_failure_at: now,
      locked_until: 0,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        failures: sql<number>`case when sign_in_failures.last_failure_at < ${resetBefore} then 1 else sign_in_failures.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Extends the lock to `until` (never shortens one a concurrent failure set further out). */
export async function lockUntil(db: Db, userId: string, until: number): Promise<void> {
  await db
    .updateTable('sign_in_failures')
    .set({
      locked_until: sql<number>`case when locked_until < ${until} then ${until} else locked_until end`,
    })
    .where('user_id', '=', userId)
    .execute();
}

/** Ends the run (a successful sign-in). */
export async function clearFailures(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('user_id', '=', userId).execute();
}
