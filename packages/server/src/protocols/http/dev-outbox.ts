import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { recentMessages } from '../../services/delivery/index.ts';

/**
 * `GET /_dev/outbox?username=…&userPoolId=…&limit=…`: the messages the server would have sent,
 * newest first, each with its `code`. Mounted only on a loopback bind or in dev mode.
 */
export function registerDevOutbox(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: { username?: string; userPoolId?: string; limit?: string } }>(
    '/_dev/outbox',
    async (req) => {
      const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
      const messages = await recentMessages(ctx, {
        username: req.query.username,
        userPoolId: req.query.userPoolId,
        limit,
      });
      return {
        messages: messages.map((m) => ({
          ...m,
          createdAt: new Date(m.createdAt).toISOString(),
        })),
      };
    },
  );
}
