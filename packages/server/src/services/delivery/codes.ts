import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { countCodeAttempt, deleteCode, findCode, putCode } from '../../store/repositories/codes.ts';
import type { Context } from '../context.ts';
import { CodeMismatchException, ExpiredCodeException, LimitExceededException } from '../errors.ts';

/** What a code is for; one live code per user and purpose. */
export type CodePurpose = 'signup' | 'forgot' | `verify:${string}`;

/** Wrong guesses allowed before the code is burned (Cognito answers LimitExceededException). */
export const MAX_CODE_ATTEMPTS = 5;

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
  );
  return code;
}

/**
 * Checks a code and consumes it on success. Throws CodeMismatchException, ExpiredCodeException
 * or LimitExceededException as Cognito does.
 */
export async function consumeCode(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  user: { id: string },
  purpose: CodePurpose,
  code: string,
): Promise<void> {
  const stored = await findCode(ctx.db, user.id, purpose);
  if (!stored) throw new ExpiredCodeException();
  if (stored.attempts >= MAX_CODE_ATTEMPTS) throw new LimitExceededException();
  if (stored.expiresAt <= ctx.clock.now()) {
    throw new ExpiredCodeException();
  }
  if (!codeMatches(ctx.serverSecret, user.id, purpose, code, stored.codeHash)) {
    await countCodeAttempt(ctx.db, stored.id);
    throw new CodeMismatchException().keep();
  }
  await deleteCode(ctx.db, user.id, purpose);
}
