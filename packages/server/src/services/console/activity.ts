// The console's activity charts: sign-ins, failures, sign-ups and lockouts per hour, counted
// from the stored auth events (the sign-in history AdminListUserAuthEvents reads).
import {
  countAuthEventsByHour,
  listSignInAttempts,
  type SignInAttempt,
} from '../../store/repositories/auth-event-activity.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import { FREE_FAILURES, MAX_LOCK_MS } from '../sign-in/lockout.ts';
import { loadPool } from '../user-pools/lookup.ts';

const HOUR_MS = 3_600_000;
/** Longest window the charts cover. */
export const MAX_ACTIVITY_DAYS = 31;

/** One hour's counts. */
export interface ActivityCounts {
  signIns: number;
  failures: number;
  signUps: number;
  lockouts: number;
}

/** The console's activity answer (wire shape of `GET /console/api/activity`). */
export interface Activity {
  from: string;
  to: string;
  hours: ({ hour: string } & ActivityCounts)[];
  totals: ActivityCounts;
}

const zero = (): ActivityCounts => ({ signIns: 0, failures: 0, signUps: 0, lockouts: 0 });

/**
 * The hours in which users became locked out: replaying each user's sign-ins in order, the
 * attempt that makes FREE_FAILURES wrong passwords in a row (no success between, no gap over
 * MAX_LOCK_MS) is where the lockout rule first locks them, as services/sign-in/lockout.ts does.
 */
export function lockoutTimes(attempts: SignInAttempt[]): number[] {
  const out: number[] = [];
  let user = '';
  let run = 0;
  let last = 0;
  for (const a of attempts) {
    if (a.userId !== user || a.createdAt - last > MAX_LOCK_MS) run = 0;
    user = a.userId;
    if (a.passed) {
      run = 0;
    } else if (a.wrongPassword) {
      run += 1;
      last = a.createdAt;
      if (run === FREE_FAILURES) out.push(a.createdAt);
    }
  }
  return out;
}

/** A pool's activity over the last `days` days, hour by hour (every hour listed, oldest first). */
export async function poolActivity(
  ctx: Pick<Context, 'db' | 'clock'>,
  userPoolId: string,
  days: number,
): Promise<Activity> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ACTIVITY_DAYS) {
    throw new InvalidParameterException(
      `days must be a whole number from 1 to ${MAX_ACTIVITY_DAYS}.`,
    );
  }
  await loadPool(ctx, userPoolId);
  const now = ctx.clock.now();
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  const from = to - days * 24 * HOUR_MS;
  const byHour = new Map<number, ActivityCounts>();
  for (let h = from; h < to; h += HOUR_MS) byHour.set(h, zero());
  for (const c of await countAuthEventsByHour(ctx.db, userPoolId, from, to)) {
    const counts = byHour.get(c.hour);
    if (!counts) continue;
    if (c.eventType === 'SignIn' && c.eventResponse === 'Pass') counts.signIns += c.count;
    if (c.eventType === 'SignIn' && c.eventResponse === 'Fail') counts.failures += c.count;
    if (c.eventType === 'SignUp') counts.signUps += c.count;
  }
  for (const at of lockoutTimes(await listSignInAttempts(ctx.db, userPoolId, from, to))) {
    const counts = byHour.get(Math.floor(at / HOUR_MS) * HOUR_MS);
    if (counts) counts.lockouts += 1;
  }
  const totals = zero();
  const hours = [...byHour].map(([hour, counts]) => {
    for (const k of Object.keys(totals) as (keyof ActivityCounts)[]) totals[k] += counts[k];
    return { hour: new Date(hour).toISOString(), ...counts };
  });
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), hours, totals };
}
