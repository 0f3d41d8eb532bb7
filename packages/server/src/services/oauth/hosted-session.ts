import { createHash, timingSafeEqual } from 'node:crypto';
import {
  deleteHostedSession,
  findHostedSessionRow,
  insertHostedSession,
} from '../../store/repositories/hosted-sessions.ts';
import type { Context } from '../context.ts';

// The hosted UI's sign-in session (the `session` cookie): a second /oauth2/authorize within it
// goes straight to the callback. Cognito keeps it for one hour. Only the value's SHA-256 is
// stored, so a database read gives no usable cookie; /logout deletes it.

/** How long a hosted session lasts (Cognito: 1 hour). */
export const HOSTED_SESSION_SECONDS = 3600;

function hashValue(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Starts a hosted session after a sign-in; the caller sets `value` as the `session` cookie. */
export async function startHostedSession(
  ctx: Pick<Context, 'db' | 'clock' | 'random'>,
  input: { userPoolId: string; userId: string; authTime: number },
): Promise<{ value: string; maxAgeSeconds: number }> {
  const value = ctx.random(32).toString('base64url');
  const now = ctx.clock.now();
  await insertHostedSession(ctx.db, {
    id: hashValue(value),
    userPoolId: input.userPoolId,
    userId: input.userId,
    authTime: input.authTime,
    createdAt: now,
    expiresAt: now + HOSTED_SESSION_SECONDS * 1000,
  });
  return { value, maxAgeSeconds: HOSTED_SESSION_SECONDS };
}

/** The live hosted session of the pool that `value` (a cookie) names, if any. */
export async function findHostedSession(
  ctx: Pick<Context, 'db' | 'clock'>,
  userPoolId: string,
  value: string | undefined,
): Promise<{ userId: string; authTime: number } | undefined> {
  if (!value || value.length > 128) return undefined;
  const id = hashValue(value);
  const found = await findHostedSessionRow(ctx.db, id);
  if (!found || found.userPoolId !== userPoolId) return undefined;
  // The lookup is by hash; compare again in constant time so no timing leaks a near match.
  if (!timingSafeEqual(Buffer.from(found.id), Buffer.from(id))) return undefined;
  if (found.expiresAt <= ctx.clock.now()) return undefined;
  return { userId: found.userId, authTime: found.authTime };
}

/** Ends the hosted session `value` names (logout); unknown values are ignored. */
export async function endHostedSession(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  value: string | undefined,
): Promise<void> {
  if (!value || value.length > 128) return;
  const found = await findHostedSessionRow(ctx.db, hashValue(value));
  if (found && found.userPoolId === userPoolId) await deleteHostedSession(ctx.db, found.id);
}
