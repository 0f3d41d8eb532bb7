import { sql } from 'kysely';
import type { Db } from '../open.ts';

/**
 * A token bucket as GCRA (the generic cell rate algorithm): one number per key, the
 * "theoretical arrival time" `tat`. A bucket of `burst` tokens refilled one per `intervalUs`
 * is full when `tat <= now`; a request is allowed while `tat - now <= (burst - 1) * intervalUs`
 * and then moves `tat` on by one interval.
 */
export interface Bucket {
  /** Microseconds per token (the refill interval). */
  intervalUs: number;
  /** Tokens the full bucket holds. */
  burst: number;
}

/**
 * Takes a token from the bucket `key` if it has one, in one statement (an upsert whose update
 * only happens when the bucket allows it), so concurrent requests on any number of instances
 * never take more than the bucket holds. True when the token was taken.
 */
export async function takeToken(db: Db, key: string, nowUs: number, b: Bucket): Promise<boolean> {
  const interval = Math.max(1, Math.round(b.intervalUs));
  const tolerance = interval * (Math.max(1, b.burst) - 1);
  // The bucket's arrival time, or now when it is full; integers only (bigint on PostgreSQL).
  const start = sql<number>`case when rate_limits.tat > ${nowUs} then rate_limits.tat else ${nowUs} end`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, tat: nowUs + interval })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ tat: sql<number>`${start} + ${interval}` })
        .where(sql<boolean>`${start} - ${nowUs} <= ${tolerance}`),
    )
    .returning('tat')
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes buckets that are full again (a missing row is a full bucket). */
export async function deleteFullBuckets(db: Db, nowUs: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('tat', '<=', nowUs).execute();
}
