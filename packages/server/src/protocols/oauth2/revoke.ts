import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { CognateError } from '../../services/errors.ts';
import { authenticateClient, parseBasic } from '../../services/oauth/client-auth.ts';
import { OAuthError } from '../../services/oauth/errors.ts';
import { revokeRefreshToken } from '../../services/tokens/grants.ts';
import { readForm } from './form.ts';
import { jsonEndpoint, poolOf } from './oauth-reply.ts';

// POST /oauth2/revoke: revokes a refresh token and the access tokens it produced.
// https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html

/** `POST /oauth2/revoke` under a pool domain's base. */
export function registerRevoke(app: FastifyInstance, ctx: Context): void {
  app.post('/oauth2/revoke', async (req, reply) =>
    jsonEndpoint(ctx, reply, async () => {
      const found = await poolOf(ctx, req);
      if (!found) throw new OAuthError('invalid_request', 'unknown domain', 404);
      const form = readForm(req);
      const basic = parseBasic(req.headers.authorization);
      if (basic === 'malformed') {
        throw new OAuthError('invalid_client', 'malformed authorization header', 401);
      }
      const token = form.get('token');
      if (!token || token.length > 4096) throw new OAuthError('invalid_request');
      let client: Awaited<ReturnType<typeof authenticateClient>>;
      try {
        client = await authenticateClient(ctx, found.pool, {
          basic,
          clientId: form.get('client_id') ?? undefined,
          clientSecret: form.get('client_secret') ?? undefined,
        });
      } catch (err) {
        if (err instanceof OAuthError && err.status === 401) {
          reply.header('www-authenticate', 'Basic realm="oauth2/revoke"');
        }
        throw err;
      }
      if (client.settings.EnableTokenRevocation === false) {
        throw new OAuthError(
          'unauthorized_client',
          'token revocation is not enabled for the client',
        );
      }
      try {
        await revokeRefreshToken(ctx, client, token);
      } catch (err) {
        if (err instanceof CognateError && err.code === 'UnsupportedTokenTypeException') {
          throw new OAuthError('unsupported_token_type');
        }
        if (err instanceof CognateError && err.status < 500) {
          throw new OAuthError('invalid_request', err.message);
        }
        throw err;
      }
      return reply.header('cache-control', 'no-store').status(200).send();
    }),
  );
}
