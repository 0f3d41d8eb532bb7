// Decoys for users that do not exist, when a client hides user existence
// (PreventUserExistenceErrors ENABLED): stable values derived from the server's secret, the pool
// and the typed name, so an unknown user looks and counts like a real one on every call and
// every instance.
import { createHmac } from 'node:crypto';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { lookupKey } from './lookup.ts';

/** Keyed bytes for an unknown user's decoy `what`. */
export function decoySeed(
  ctx: Pick<Context, 'serverSecret'>,
  pool: Pick<UserPool, 'id'> & Partial<Pick<UserPool, 'settings'>>,
  name: string,
  what: string,
): Buffer {
  const key = pool.settings ? lookupKey(pool as UserPool, name) : name;
  return createHmac('sha256', ctx.serverSecret).update(`${what}\0${pool.id}\0${key}`).digest();
}

/**
 * A stable id for a user that does not exist, shaped like a real user's id (a random UUID), under
 * which its decoy lockout, codes and code limits are counted exactly as a real user's are.
 */
export function decoyUserId(
  ctx: Pick<Context, 'serverSecret'>,
  pool: Pick<UserPool, 'id'> & Partial<Pick<UserPool, 'settings'>>,
  name: string,
): string {
  const b = decoySeed(ctx, pool, name, 'decoy-user').subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
