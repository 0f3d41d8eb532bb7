import { sql } from 'kysely';
import type { Db } from '../open.ts';

/**
 * Reserves one password check for `userId` in one statement, or refuses it while the user is
 * locked: the upsert counts the attempt (a run older than `resetBefore` starts again at 1) and,
 * when the new count reaches the lock, sets the lock in the same step, so no concurrent attempt
 * on any instance can slip in between the check and the count. Returns the attempt's place in
 * the run, or undefined when the user is locked (nothing is counted then).

 */
export async function reserveAttempt(
  db: Db,
  user: { id: string; userPoolId: string },
  now: number,
  resetBefore: number,
  lock: { freeFailures: number; maxLockMs: number },
): Promise<number | undefined> {
  const count = sql<number>`case when sign_in_failures.last_failure_at < ${resetBefore} then 1 else sign_in_failures.failures + 1 end`;
  const row = await db
    .insertInto('sign_in_failures')
    .values({
      user_id: user.id,
      user_pool_id: user.userPoolId,
      failures: 1,
      last_failure_at: now,
      locked_until: lock.freeFailures <= 1 ? now + 1000 : 0,
    })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({
          failures: count,
          last_failure_at: now,
          locked_until: sql<number>`case when ${count} >= ${lock.freeFailures} then cast(${now} as bigint) + ${lockLength(count, lock)} else sign_in_failures.locked_until end`,
        })
        .where('sign_in_failures.locked_until', '<=', now),
    )
    .returning('failures')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.failures);
}

/**
 * 2^(n - free) seconds, capped, as SQL: a CASE over the exponents below the cap (SQLite has no
 * power function).
 */
function lockLength(
  n: ReturnType<typeof sql<number>>,
  lock: { freeFailures: number; maxLockMs: number },
) {
  const steps: ReturnType<typeof sql>[] = [];
  for (let e = 0; 2 ** e * 1000 < lock.maxLockMs; e++) {
    steps.push(
      sql`when ${n} - ${sql.lit(lock.freeFailures)} = ${sql.lit(e)} then ${sql.lit(2 ** e * 1000)}`,
    );
  }
  return sql<number>`(case ${sql.join(steps, sql` `)} else ${sql.lit(lock.maxLockMs)} end)`;
}

/**
 * Takes back a successful attempt: the run ends when no attempt was reserved after it (the
 * sequential case); otherwise the attempts before it and its own leave the count, the later
 * ones stay counted, and their lock stays.
 */
export async function releaseAttempt(db: Db, userId: string, place: number): Promise<void> {
  const gone = await db
    .deleteFrom('sign_in_failures')
    .where('user_id', '=', userId)
    .where('failures', '<=', place)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) > 0) return;
  await db
    .updateTable('sign_in_failures')
    .set({ failures: sql<number>`failures - ${place}` })
    .where('user_id', '=', userId)
    .where('failures', '>', place)
    .execute();
}

/** Deletes runs that no longer lock or count: unlocked and last attempted before `before`. */
export async function deleteStaleFailures(db: Db, before: number, now: number): Promise<void> {
  await db
    .deleteFrom('sign_in_failures')
    .where('last_failure_at', '<', before)
    .where('locked_until', '<=', now)
    .execute();
}
