import { deleteExpiredSessions } from '../store/repositories/auth-sessions.ts';
import { deleteExpiredCodes } from '../store/repositories/codes.ts';
import type { Context } from './context.ts';

/**
 * Deletes sign-in sessions and codes that have expired. Safe to run on every instance at once:
 * each statement only removes rows no request can use any more.
 */
export async function sweepExpired(ctx: Pick<Context, 'db' | 'clock'>): Promise<void> {
  const now = ctx.clock.now();
  await deleteExpiredSessions(ctx.db, now);
  await deleteExpiredCodes(ctx.db, now);
}
