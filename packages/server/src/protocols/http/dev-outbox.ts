import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { recentMessages } from '../../services/delivery/index.ts';

// Headers a proxy adds to say whom it forwards for. Any of them means the request came from
// elsewhere, whatever the socket's address says.
const FORWARDING_HEADERS = [
  'forwarded',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
  'client-ip',
  'via',
];

const LOOPBACK_PEERS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_NAMES = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i;

/** The host name of a Host or Origin value, without port or scheme. */
function hostName(value: string): string {
  const host = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

/**
 * True for a request made on this machine and addressed to it: a loopback peer, no forwarding
 * header (a reverse proxy on the same host has a loopback address too), a loopback Host (a
 * DNS-rebound page sends its own name) and, if a browser sent an Origin, a loopback one.
 */
export function isLocalUnforwarded(req: FastifyRequest): boolean {
  if (!LOOPBACK_PEERS.test(req.socket.remoteAddress ?? '')) return false;
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith('x-forwarded-') || FORWARDING_HEADERS.includes(name)) return false;
  }
  if (!LOOPBACK_NAMES.test(hostName(String(req.headers.host ?? '')))) return false;
  const origin = req.headers.origin;
  if (origin !== undefined && !LOOPBACK_NAMES.test(hostName(String(origin)))) return false;
  return true;
}

/**
 * `GET /_dev/outbox?username=…&userPoolId=…&limit=…`: the messages the server would have sent,
 * newest first, each with its `code`. Mounted only on a loopback bind or in dev mode, with
 * config `devOutbox` on; answers only local, unforwarded requests (any other gets the ordinary
 * 404), and never with CORS headers.
 */
export function registerDevOutbox(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: { username?: string; userPoolId?: string; limit?: string } }>(
    '/_dev/outbox',
    async (req, reply) => {
      if (!isLocalUnforwarded(req)) return reply.callNotFound();
      reply.header('cache-control', 'no-store');
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
