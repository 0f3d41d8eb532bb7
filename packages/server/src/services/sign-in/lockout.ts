/**
 * Cognito's lockout for password sign-ins: after five consecutive failures the user is locked out
 * for 1 s, doubling with each further failure up to about 15 minutes; attempts during a lock
 * answer NotAuthorizedException "Password attempts exceeded" and do not count; a successful
 * sign-in after the lock, or 15 minutes without a failure, starts over.
 *
 * Every password check is reserved first, in one database statement that both checks the lock
 * and counts the attempt (store/repositories/sign-in-failures.ts): however many requests arrive
 * at once, on however many instances, at most five checks run before the lock, and none while
 * it lasts. A check that fails is already counted; one that succeeds takes its count back.
 * Unknown users (with existence errors hidden) are counted the same way under a decoy id.
 */

import { releaseAttempt, reserveAttempt } from '../../store/repositories/sign-in-failures.ts';
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

/** A password check reserved by `reserveCheck`. */
export interface ReservedCheck {
  userId: string;
  /** Its place in the user's run of attempts. */
  place: number;
}

/**
 * Reserves one password check for the user (or an unknown user's decoy id), counting it as a
 * failure until `checkSucceeded` says otherwise; NotAuthorizedException "Password attempts
 * exceeded" while the user is locked.
 */
export async function reserveCheck(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: { id: string; userPoolId: string },
): Promise<ReservedCheck> {
  const now = ctx.clock.now();
  const place = await reserveAttempt(ctx.db, user, now, now - MAX_LOCK_MS, {
    freeFailures: FREE_FAILURES,
    maxLockMs: MAX_LOCK_MS,
  });
  if (place === undefined) throw new NotAuthorizedException('Password attempts exceeded');
  return { userId: user.id, place };
}

/** The reserved check found the right password: the run ends (or shrinks, see releaseAttempt). */
export async function checkSucceeded(
  ctx: Pick<Context, 'db'>,
  check: ReservedCheck,
): Promise<void> {
  await releaseAttempt(ctx.db, check.userId, check.place);
}

/**
 * A check found right whose release is not made yet: the sign-in's last write (the grant, see
 * finishSignIn) takes it along when it can, saving a statement; `settleRelease` makes it
 * otherwise. Either way it is made once.
 */
export interface PendingRelease {
  readonly check: ReservedCheck;
  settled: boolean;
}

/** Makes a pending release now, unless it was made already (or `pending` is undefined). */
export async function settleRelease(
  ctx: Pick<Context, 'db'>,
  pending: PendingRelease | undefined,
): Promise<void> {
  if (!pending || pending.settled) return;
  pending.settled = true;
  await checkSucceeded(ctx, pending.check);
}

/**
 * Runs the steps after a right password with the check's release pending, and makes the
 * release when they end (whether they end in tokens, a challenge or an error) unless a write
 * among them took it along.
 */
export async function withPendingRelease<T>(
  ctx: Pick<Context, 'db'>,
  check: ReservedCheck,
  steps: (pending: PendingRelease) => Promise<T>,
): Promise<T> {
  const pending: PendingRelease = { check, settled: false };
  try {
    return await steps(pending);
  } finally {
    await settleRelease(ctx, pending);
  }
}
