import { sql } from 'kysely';
import type { Db } from '../open.ts';

/** How many events of one type and response fell in one hour. */
export interface HourlyEventCount {
  /** Start of the hour, epoch ms. */
  hour: number;
  eventType: string;
  eventResponse: string;
  count: number;
}

const HOUR_MS = 3_600_000;

/**
 * A pool's auth events from `from` (inclusive) to `to` (exclusive), counted per hour, type and
 * response: a range scan of the (user_pool_id, created_at) index. Integer division by the hour
 * is the same on SQLite and PostgreSQL (both columns are integers).
 */
export async function countAuthEventsByHour(
  db: Db,
  userPoolId: string,
  from: number,
  to: number,
): Promise<HourlyEventCount[]> {
  const bucket = sql<number>`(created_at / ${sql.lit(HOUR_MS)})`;
  const rows = await db
    .selectFrom('auth_events')
    .select([
      bucket.as('bucket'),
      'event_type',
      'event_response',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('user_pool_id', '=', userPoolId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy([bucket, 'event_type', 'event_response'])
    .execute();
  return rows.map((r) => ({
    hour: Number(r.bucket) * HOUR_MS,
    eventType: r.event_type,
    eventResponse: r.event_response,
    count: Number(r.n),
  }));
}

/** One sign-in attempt, as the lockout count replays them. */
export interface SignInAttempt {
  userId: string;
  createdAt: number;
  /** The password was wrong (a Fail whose Password challenge failed). */
  wrongPassword: boolean;
  passed: boolean;
}

/** A pool's SignIn events in the window, by user and then time (for replaying lockout runs). */
export async function listSignInAttempts(
  db: Db,
  userPoolId: string,
  from: number,
  to: number,
): Promise<SignInAttempt[]> {
  const rows = await db
    .selectFrom('auth_events')
    .select(['user_id', 'created_at', 'event_response', 'challenges'])
    .where('user_pool_id', '=', userPoolId)
    .where('event_type', '=', 'SignIn')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('user_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    createdAt: Number(r.created_at),
    passed: r.event_response === 'Pass',
    wrongPassword:
      r.event_response === 'Fail' &&
      (JSON.parse(r.challenges) as { ChallengeName: string; ChallengeResponse: string }[]).some(
        (c) => c.ChallengeName === 'Password' && c.ChallengeResponse === 'Failure',
      ),
  }));
}
