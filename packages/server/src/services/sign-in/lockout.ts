/**
 * Cognito's lockout for password sign-ins: after five consecutive failures the user is locked out
 * for 1 s, doubling with each further failure up to about 15 minutes; attempts during a lock
 * answer NotAuthorizedException "Password attempts exceeded" and do not count; a successful
 * sign-in after the lock, or 15 minutes without a failure, starts over. The counters live in the
 * database, so every instance sees the same lock.
 */

import type { User } from '../../model/user.ts';
import {
  clearFailures,
  countFailure,
  findFailures,
  lockUntil,
} from '../../store/repositories/sign-in-failures.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';

/** Failures allowed before the first lock. */
export const FREE_FAILURES = 5;
/** Longest lock, and how long without failures resets the count. */
export const MAX_LOCK_MS = 15 * 60_000;

/** Lock length after the `n`th consecutive failure: 2^(n-5) s from the fifth on, capped. */
export function lockMs(n: number): number {
  if (n < FREE_FAILURES) return 0;
  return Math.min(2 ** (n - FREE_FAILURES) * 1000, MAX_LOCK_MS);
}

/**
 * Refuses a sign-in attempt while the user is locked out. Returns whether a run of failures is
 * on record, so a success only writes when there is something to clear.
 */
export async function assertNotLocked(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: Pick<User, 'id'>,
): Promise<boolean> {
  const run = await findFailures(ctx.db, user.id);
  if (run && run.lockedUntil > ctx.clock.now()) {
    throw new NotAuthorizedException('Password attempts exceeded');
  }
  return run !== undefined;
}

/** Records a wrong password and locks the user when the run is long enough. */
export async function recordFailure(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: Pick<User, 'id' | 'userPoolId'>,
): Promise<void> {
  const now = ctx.clock.now();
  const n = await countFailure(ctx.db, user, now, now - MAX_LOCK_MS);
  const ms = lockMs(n);
  if (ms > 0) await lockUntil(ctx.db, user.id, now + ms);
}

/** Clears the run after a successful password check. */
export async function recordSuccess(
  ctx: Pick<Context, 'db'>,
  user: Pick<User, 'id'>,
  hadFailures: boolean,
): Promise<void> {
  if (hadFailures) await clearFailures(ctx.db, user.id);
}
