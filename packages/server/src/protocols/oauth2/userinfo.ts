import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { OAuthError } from '../../services/oauth/errors.ts';
import { userInfo } from '../../services/oauth/userinfo.ts';
import { jsonEndpoint, poolOf } from './oauth-reply.ts';

// GET|POST /oauth2/userInfo with `Authorization: Bearer <access token>`.
// https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html

function bearer(req: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  return match?.[1];
}

async function handle(ctx: Context, req: FastifyRequest, reply: FastifyReply) {
  return jsonEndpoint(ctx, reply, async () => {
    const found = await poolOf(ctx, req);
    if (!found) throw new OAuthError('invalid_request', 'unknown domain', 404);
    try {
      const claims = await userInfo(ctx, found.pool.id, bearer(req));
      return reply.header('cache-control', 'no-store').type('application/json').send(claims);
    } catch (err) {
      // RFC 6750 §3: a refused bearer token says why in WWW-Authenticate.
      if (err instanceof OAuthError && err.status === 401) {
        const detail = err.error === 'invalid_token' ? ' error="invalid_token"' : '';
        reply.header('www-authenticate', `Bearer${detail}`);
      }
      throw err;
    }
  });
}

/** `GET|POST /oauth2/userInfo` under a pool domain's base. */
export function registerUserInfo(app: FastifyInstance, ctx: Context): void {
  app.get('/oauth2/userInfo', (req, reply) => handle(ctx, req, reply));
  app.post('/oauth2/userInfo', (req, reply) => handle(ctx, req, reply));
}
