import { sql } from 'kysely';
import type { Db } from '../open.ts';
import { type PrecompiledQuery, precompile } from '../precompiled.ts';

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
  const row = await reserveQuery(lock).first(db, {
    userId: user.id,
    userPoolId: user.userPoolId,
    now,
    resetBefore,
    lockedUntil: lock.freeFailures <= 1 ? now + 1000 : 0,
  });
  return row === undefined ? undefined : Number(row.failures);
}

type ReserveArgs = {
  userId: string;
  userPoolId: string;
  now: number;
  resetBefore: number;
  lockedUntil: number;
};

/** The reserve upsert, compiled once per lock policy (its constants are in the SQL). */
const reserveQueries = new Map<string, PrecompiledQuery<ReserveArgs, { failures: number }>>();

function reserveQuery(lock: { freeFailures: number; maxLockMs: number }) {
  const key = `${lock.freeFailures}/${lock.maxLockMs}`;
  let query = reserveQueries.get(key);
  if (!query) {
    query = precompile<ReserveArgs, { failures: number }>((db, p) => {
      const count = sql<number>`case when sign_in_failures.last_failure_at < ${p('resetBefore')} then 1 else sign_in_failures.failures + 1 end`;
      return db
        .insertInto('sign_in_failures')
        .values({
          user_id: p('userId'),
          user_pool_id: p('userPoolId'),
          failures: 1,
          last_failure_at: p('now'),
          locked_until: p('lockedUntil'),
        })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet({
              failures: count,
              last_failure_at: p('now'),
              locked_until: sql<number>`case when ${count} >= ${lock.freeFailures} then cast(${p('now')} as bigint) + ${lockLength(count, lock)} else sign_in_failures.locked_until end`,
            })
            .where('sign_in_failures.locked_until', '<=', p('now')),
        )
        .returning('failures');
    });
    reserveQueries.set(key, query);
  }
  return query;
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
  const gone = await releaseRun.execute(db, { userId, place });
  if (Number(gone.numAffectedRows ?? 0) > 0) return;
  await shrinkRun.execute(db, { userId, place });
}

const releaseRun = precompile<{ userId: string; place: number }>((db, p) =>
  db
    .deleteFrom('sign_in_failures')
    .where('user_id', '=', p('userId'))
    .where('failures', '<=', p('place')),
);

const shrinkRun = precompile<{ userId: string; place: number }>((db, p) =>
  db
    .updateTable('sign_in_failures')
    .set({ failures: sql<number>`failures - ${p('place')}` })
    .where('user_id', '=', p('userId'))
    .where('failures', '>', p('place')),
);

/** Deletes runs that no longer lock or count: unlocked and last attempted before `before`. */
export async function deleteStaleFailures(db: Db, before: number, now: number): Promise<void> {
  await db
    .deleteFrom('sign_in_failures')
    .where('last_failure_at', '<', before)
    .where('locked_until', '<=', now)
    .execute();
}
