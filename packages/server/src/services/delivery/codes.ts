import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { UserPool } from '../../model/user-pool.ts';
import { deleteCode, findCode, putCode, reserveGuess } from '../../store/repositories/codes.ts';
import type { Context } from '../context.ts';
import { CodeMismatchException, ExpiredCodeException, LimitExceededException } from '../errors.ts';
import { decoyUserId } from '../users/decoy-user.ts';

/** What a code is for; one live code per user and purpose. */
export type CodePurpose = 'signup' | 'forgot' | `verify:${string}`;

/**
 * Guesses allowed per user and purpose in one run (Cognito answers LimitExceededException after
 * them). The run outlives re-issued codes: a fresh code brings no fresh guesses.
 */
export const MAX_CODE_ATTEMPTS = 5;

/**
 * How long a run of guesses lasts from its first guess: after it the count starts again. So a
 * user's code takes at most 5 guesses an hour on average, and at most 10 in any hour.
 */
export const CODE_GUESS_WINDOW_MS = 60 * 60_000;

/** How long codes live, in ms: sign-up and attribute codes 24 h, reset codes 1 h (as Cognito). */
export function codeLifetime(purpose: CodePurpose): number {
  return purpose === 'forgot' ? 60 * 60 * 1000 : 24 * 60 * 60 * 1000;
}

/** A fresh 6-digit one-time code. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Keyed hash (hex) of a one-time code, bound to the user and to what it is for (`purpose`), so
 * a leaked hash reveals nothing usable and cannot serve another user or purpose.
 */
export function hashCode(secret: Buffer, userId: string, purpose: string, code: string): string {
  return createHmac('sha256', secret).update(`${userId}\0${purpose}\0${code}`).digest('hex');
}

/** Compares a typed code with its stored hash (see hashCode) in constant time. */
export function codeMatches(
  secret: Buffer,
  userId: string,
  purpose: string,
  code: string,
  storedHash: string,
): boolean {
  const given = Buffer.from(hashCode(secret, userId, purpose, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Makes a fresh 6-digit code, stores its hash, and returns the code for delivery. */
export async function issueCode(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  user: { id: string; userPoolId: string },
  purpose: CodePurpose,
): Promise<string> {
  const code = newCode();
  const now = ctx.clock.now();
  await putCode(
    ctx.db,
    {
      id: `${user.id}:${purpose}:${now}`,
      userPoolId: user.userPoolId,
      userId: user.id,
      purpose,
      codeHash: hashCode(ctx.serverSecret, user.id, purpose, code),
      attempts: 0,
      expiresAt: now + codeLifetime(purpose),
    },
    now,
    now - CODE_GUESS_WINDOW_MS,
  );
  return code;
}

/**
 * Checks a code and consumes it on success. Throws CodeMismatchException, ExpiredCodeException
 * or LimitExceededException as Cognito does. The guess is counted before the code is compared,
 * in one statement with the check of the limit, so parallel guesses cannot exceed it.
 */
export async function consumeCode(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  user: { id: string },
  purpose: CodePurpose,
  code: string,
): Promise<void> {
  const stored = await findCode(ctx.db, user.id, purpose);
  if (!stored) throw new ExpiredCodeException();
  const now = ctx.clock.now();
  if (
    !(await reserveGuess(ctx.db, stored.id, now, now - CODE_GUESS_WINDOW_MS, MAX_CODE_ATTEMPTS))
  ) {
    throw new LimitExceededException();
  }
  if (stored.expiresAt <= now) throw new ExpiredCodeException();
  if (!codeMatches(ctx.serverSecret, user.id, purpose, code, stored.codeHash)) {
    throw new CodeMismatchException().keep();
  }
  await deleteCode(ctx.db, user.id, purpose);
}

/**
 * A guess at the code of a user that does not exist (existence errors hidden): counted against
 * the decoy code a request for that name stored (delivery/code-delivery.ts sendDecoyCode), so
 * guesses run out into LimitExceededException as a real user's do; otherwise, as on Cognito,
 * always CodeMismatchException.
 */
export async function guessDecoyCode(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  pool: UserPool,
  username: string,
  purpose: 'forgot' | 'signup',
  code: string,
): Promise<never> {
  try {
    await consumeCode(ctx, { id: decoyUserId(ctx, pool, username) }, purpose, code);
  } catch (err) {
    if (err instanceof LimitExceededException) throw err;
  }
  throw new CodeMismatchException().keep();
}
