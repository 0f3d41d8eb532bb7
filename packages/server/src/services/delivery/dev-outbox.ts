import { listMessages, type OutboxMessage } from '../../store/repositories/outbox.ts';
import type { Context } from '../context.ts';

/**
 * The dev outbox, newest first: messages sent or that would have been sent, filtered by the
 * username or address they went to and by pool.
 */
export function recentMessages(
  ctx: Pick<Context, 'db'>,
  filter: { username?: string; userPoolId?: string; limit: number },
): Promise<OutboxMessage[]> {
  return listMessages(ctx.db, filter);
}
