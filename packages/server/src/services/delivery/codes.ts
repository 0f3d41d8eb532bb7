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

function hashCode(secret: Buffer, userId: string, purpose: string, code: string): string {
  // Keyed by a server secret and bound to user and purpose: a leaked table reveals nothing usable.
  return createHmac('sha256', secret).update(`${userId}\0${purpose}\0${code}`).digest('hex');
}

/** Makes a fresh 6-digit code, stores its hash, and returns the code for delivery. */
export async function issueCode(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  user: { id: string; userPoolId: string },
  purpose: CodePurpose,
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
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
  const given = Buffer.from(hashCode(ctx.serverSecret, user.id, purpose, code), 'hex');
  if (!timingSafeEqual(given, Buffer.from(stored.codeHash, 'hex'))) {
    await countCodeAttempt(ctx.db, stored.id);
    throw new CodeMismatchException().keep();
  }
  await deleteCode(ctx.db, user.id, purpose);
}
