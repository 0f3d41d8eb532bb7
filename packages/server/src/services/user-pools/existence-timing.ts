import type { UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { hidesExistence } from './client-auth.ts';

/**
 * How long, at least, an answer that could tell a real user from an unknown one takes when the
 * client hides existence. The two paths do the same kinds of work, but not the same amount to
 * the microsecond (a real user's code is stored and sent, an unknown user's SRP verifier is
 * derived, not read), and on a quiet server a tenth of a millisecond shows after a few hundred
 * tries. Held to a floor well above either path's time, both answers leave at the floor.
 */
export const EXISTENCE_FLOOR_MS = 5;

/**
 * Called by an operation that could tell users apart, once it knows its client: with
 * PreventUserExistenceErrors ENABLED its answer (or error) leaves no sooner than
 * EXISTENCE_FLOOR_MS after the operation started (the protocol starts the timer, before any
 * work, so that no work moves its end). Under load, when the work takes longer, it adds nothing.
 */
export function holdForExistence(
  ctx: Pick<Context, 'db'> & Partial<Pick<Context, 'holdAnswer'>>,
  client: UserPoolClient,
): void {
  if (ctx.holdAnswer && hidesExistence(client)) {
    ctx.holdAnswer();
  }
}
