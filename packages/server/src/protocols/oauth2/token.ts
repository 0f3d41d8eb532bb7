import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { TooManyRequestsException } from '../../services/errors.ts';
import { authenticateClient, parseBasic } from '../../services/oauth/client-auth.ts';
import { OAuthError } from '../../services/oauth/errors.ts';
import {
  clientCredentials,
  redeemAuthorizationCode,
  refreshWithToken,
} from '../../services/oauth/token-grants.ts';
import { limitRequest } from '../../services/rate-limits/index.ts';
import { readForm } from './form.ts';
import { jsonEndpoint, poolOf, sendOAuthError } from './oauth-reply.ts';

// POST /oauth2/token. https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html

/** Longest parameter value the endpoint reads (refresh tokens and verifiers are far shorter). */
const MAX_PARAMETER = 4096;

/** A body parameter given at most once and not oversized; absent when empty. */
function param(form: URLSearchParams, name: string): string | undefined {
  const all = form.getAll(name);
  if (all.length > 1) throw new OAuthError('invalid_request', `${name} is given more than once`);
  const value = all[0];
  if (value !== undefined && value.length > MAX_PARAMETER) {
    throw new OAuthError('invalid_request', `${name} is too long`);
  }
  return value === '' ? undefined : value;
}

/**
 * The rate limits per IP, client and pool (services/rate-limits), answered in OAuth's shape:
 * HTTP 429.
 */
async function limitTokenRequest(ctx: Context, ip: string, poolId: string, clientId?: string) {
  try {
    await limitRequest(ctx, { ip, clientId, poolId });
  } catch (err) {
    if (err instanceof TooManyRequestsException) {
      throw new OAuthError('invalid_request', 'Too many requests.', 429);
    }
    throw err;
  }
}

/** `POST /oauth2/token` under a pool domain's base. */
export function registerToken(app: FastifyInstance, ctx: Context): void {
  app.post('/oauth2/token', async (req, reply) =>
    jsonEndpoint(ctx, reply, async () => {
      const found = await poolOf(ctx, req);
      if (!found) throw new OAuthError('invalid_request', 'unknown domain', 404);
      const { pool } = found;
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      if (!type.startsWith('application/x-www-form-urlencoded')) {
        throw new OAuthError(
          'invalid_request',
          'the body must be application/x-www-form-urlencoded',
        );
      }
      const form = readForm(req);
      const basic = parseBasic(req.headers.authorization);
      if (basic === 'malformed') {
        throw new OAuthError('invalid_client', 'malformed authorization header', 401);
      }
      const grantType = param(form, 'grant_type');
      if (!grantType) throw new OAuthError('invalid_request', 'grant_type is missing');
      await limitTokenRequest(ctx, req.ip, pool.id, basic?.id ?? param(form, 'client_id'));
      let client: Awaited<ReturnType<typeof authenticateClient>>;
      try {
        client = await authenticateClient(ctx, pool, {
          basic,
          clientId: param(form, 'client_id'),
          clientSecret: param(form, 'client_secret'),
        });
      } catch (err) {
        if (err instanceof OAuthError && err.status === 401) {
          reply.header('www-authenticate', 'Basic realm="oauth2/token"');
        }
        throw err;
      }
      let body: object;
      switch (grantType) {
        case 'authorization_code':
          body = await redeemAuthorizationCode(ctx, {
            pool,
            client,
            code: param(form, 'code'),
            redirectUri: param(form, 'redirect_uri'),
            codeVerifier: param(form, 'code_verifier'),
          });
          break;
        case 'refresh_token':
          body = await refreshWithToken(ctx, {
            pool,
            client,
            refreshToken: param(form, 'refresh_token'),
          });
          break;
        case 'client_credentials':
          body = await clientCredentials(ctx, { pool, client, scope: param(form, 'scope') });
          break;
        default:
          return sendOAuthError(reply, new OAuthError('unsupported_grant_type'));
      }
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .type('application/json')
        .send(body);
    }),
  );
}
