import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Db } from '../open.ts';
import { precompile, preparedNames } from '../precompiled.ts';

/**
 * A token bucket as GCRA (the generic cell rate algorithm): one number per key, the
 * "theoretical arrival time" `tat`. A bucket of `burst` tokens refilled one per `intervalUs`
 * is full when `tat <= now`; a request is allowed while `tat - now <= (burst - 1) * intervalUs`
 * and then moves `tat` on by one interval.
 *
 * No allowed request leaves `tat` beyond `now + tolerance + interval`. A stored `tat` past that
 * was written by a clock ahead of this one (another instance's, or this one before it was set
 * back): it counts as an empty bucket at `now + tolerance`, so the bucket works on from here
 * instead of refusing everything until this clock catches up.
 */
export interface Bucket {
  /** Microseconds per token (the refill interval). */
  intervalUs: number;
  /** Tokens the full bucket holds. */
  burst: number;
}

/** A bucket's integer refill interval and tolerance (bigint on PostgreSQL). */
function shape(b: Bucket): { interval: number; tolerance: number } {
  const interval = Math.max(1, Math.round(b.intervalUs));
  return { interval, tolerance: interval * (Math.max(1, b.burst) - 1) };
}

type TakeArgs = { key: string; nowUs: number; tat: number; interval: number; tolerance: number };

// Precompiled: the limiter runs on every unsigned request, before anything else.
const takeOne = precompile<TakeArgs, { tat: number }>((db, p) => {
  // The bucket's arrival time; now when it is full; now + tolerance when it is from a clock ahead.
  // (Sums of parameters are cast: PostgreSQL cannot type `$1 + $2` on its own.)
  const ahead = sql<number>`cast(${p('nowUs')} as bigint) + cast(${p('tolerance')} as bigint)`;
  const start = sql<number>`case when rate_limits.tat > ${ahead} + cast(${p('interval')} as bigint) then ${ahead} when rate_limits.tat > ${p('nowUs')} then rate_limits.tat else ${p('nowUs')} end`;
  return db
    .insertInto('rate_limits')
    .values({ key: p('key'), tat: p('tat') })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ tat: sql<number>`${start} + ${p('interval')}` })
        .where(sql<boolean>`${start} - ${p('nowUs')} <= ${p('tolerance')}`),
    )
    .returning('tat');
});

/**
 * Takes a token from the bucket `key` if it has one, in one statement (an upsert whose update
 * only happens when the bucket allows it), so concurrent requests on any number of instances
 * never take more than the bucket holds. True when the token was taken.
 */
export async function takeToken(db: Db, key: string, nowUs: number, b: Bucket): Promise<boolean> {
  const { interval, tolerance } = shape(b);
  const row = await takeOne.first(db, { key, nowUs, tat: nowUs + interval, interval, tolerance });
  return row !== undefined;
}

/**
 * Takes `count` tokens at once from the bucket `key`, all or none, in one statement: GCRA with
 * the interval `count` times as long and the tolerance shortened by the `count - 1` tokens
 * taken beyond the first. True when they were taken.
 */
export async function takeTokensAtOnce(
  db: Db,
  key: string,
  nowUs: number,
  b: Bucket,
  count: number,
): Promise<boolean> {
  const { interval, tolerance } = shape(b);
  const all = interval * count;
  const row = await takeOne.first(db, {
    key,
    nowUs,
    tat: nowUs + all,
    interval: all,
    tolerance: tolerance - (count - 1) * interval,
  });
  return row !== undefined;
}

/**
 * Takes a token from each bucket in order, stopping at the first that is empty (the later ones
 * are left untouched); answers how many were taken. On PostgreSQL all of it is one statement, a
 * chain of upserts in a CTE where each runs only if the one before took its token; SQLite, in
 * the process, runs the upserts one by one.
 */
export async function takeTokens(
  db: Db,
  buckets: readonly { key: string; bucket: Bucket }[],
  nowUs: number,
): Promise<number> {
  if (buckets.length < 2 || !(db.getExecutor().adapter instanceof PostgresAdapter)) {
    let taken = 0;
    for (const { key, bucket } of buckets) {
      if (!(await takeToken(db, key, nowUs, bucket))) break;
      taken++;
    }
    return taken;
  }
  const { rows } = await db.executeQuery<{ taken: number }>(
    CompiledQuery.raw(
      chainSql(buckets.length),
      buckets.flatMap(({ key, bucket }) => {
        const { interval, tolerance } = shape(bucket);
        return [key, nowUs, interval, tolerance];
      }),
    ),
  );
  return Number(rows[0]?.taken ?? 0);
}

const chains = new Map<number, string>();

/** The PostgreSQL text of `takeTokens` for `n` buckets (parameters: key, now, interval, tolerance). */
function chainSql(n: number): string {
  let text = chains.get(n);
  if (text) return text;
  const steps: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = (j: number) => `$${i * 4 + j}`;
    const [key, now, interval, tolerance] = [
      `${at(1)}::text`,
      ...[2, 3, 4].map((j) => `${at(j)}::bigint`),
    ];
    const start =
      `case when rate_limits.tat > ${now} + ${tolerance} + ${interval} then ${now} + ${tolerance}` +
      ` when rate_limits.tat > ${now} then rate_limits.tat else ${now} end`;
    steps.push(
      `t${i} as (insert into rate_limits (key, tat) select ${key}, ${now} + ${interval}` +
        (i === 0 ? '' : ` where exists (select 1 from t${i - 1})`) +
        ` on conflict (key) do update set tat = ${start} + ${interval}` +
        ` where ${start} - ${now} <= ${tolerance} returning 1)`,
    );
  }
  const counts = Array.from({ length: n }, (_, i) => `(select count(*) from t${i})`).join(' + ');
  text = `with ${steps.join(', ')} select ${counts} as taken`;
  chains.set(n, text);
  preparedNames.set(text, `cognate_take_${n}`);
  return text;
}

/** Deletes buckets that are full again (a missing row is a full bucket). */
export async function deleteFullBuckets(db: Db, nowUs: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('tat', '<=', nowUs).execute();
}
