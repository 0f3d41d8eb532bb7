import type { FastifyInstance, FastifyReply } from 'fastify';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../../services/context.ts';
import type { PoolDomain } from '../../services/domains/resolve.ts';
import {
  type AuthorizeRequest,
  authorizeParams,
  errorRedirect,
  hasPrompt,
  parseAuthorizeRequest,
} from '../../services/oauth/authorize-request.ts';
import { completeAuthorization } from '../../services/oauth/complete.ts';
import { OAuthPageError, OAuthRedirectError } from '../../services/oauth/errors.ts';
import { findHostedSession } from '../../services/oauth/hosted-session.ts';
import { findUserById } from '../../store/repositories/users.ts';
import { cookieName, isHttps, readCookie, setCookie } from './cookies.ts';
import { readQuery } from './form.ts';
import { poolOf, sendErrorPage } from './oauth-reply.ts';

// GET /oauth2/authorize: to an identity provider when one is named, straight to the callback
// within a hosted session, else to the hosted sign-in page with the same parameters.
// https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html

/** The provider to sign in with upstream, when the request (or the client) leaves no choice. */
function upstreamProvider(
  client: UserPoolClient,
  request: AuthorizeRequest,
): { providerName?: string; idpIdentifier?: string } | undefined {
  if (request.identityProvider && request.identityProvider !== 'COGNITO') {
    return { providerName: request.identityProvider };
  }
  if (request.identityProvider === 'COGNITO') return undefined;
  if (request.idpIdentifier) return { idpIdentifier: request.idpIdentifier };
  const providers = client.settings.SupportedIdentityProviders ?? [];
  if (providers.length === 1 && providers[0] !== 'COGNITO') return { providerName: providers[0] };
  return undefined;
}

/** The hand-off to federation: where the browser goes upstream, and its `upstream` cookie. */
export type UpstreamSignIn = (
  ctx: Context,
  input: {
    pool: UserPool;
    domain: PoolDomain;
    client: UserPoolClient;
    request: AuthorizeRequest;
    providerName?: string;
    idpIdentifier?: string;
  },
) => Promise<{ location: string; binding: string }>;

/** Federation's start of an upstream sign-in (services/federation), wired in below. */
let startUpstream: UpstreamSignIn | undefined;

/** Sets the function that starts upstream sign-ins (federation). */
export function useUpstreamSignIn(fn: UpstreamSignIn): void {
  startUpstream = fn;
}

/** Within a live hosted session (and no prompt=login): the callback, at once. */
async function fromSession(
  ctx: Context,
  cookie: string | undefined,
  pool: UserPool,
  client: UserPoolClient,
  request: AuthorizeRequest,
): Promise<string | undefined> {
  if (hasPrompt(request, 'login')) return undefined;
  const session = await findHostedSession(ctx, pool.id, cookie);
  if (!session) return undefined;
  const user = await findUserById(ctx.db, session.userId);
  if (!user?.enabled || user.userPoolId !== pool.id) return undefined;
  const { location } = await completeAuthorization(ctx, {
    pool,
    client,
    request,
    user,
    authTime: session.authTime,
  });
  return location;
}

/** How long the browser may take at the upstream provider. */
const UPSTREAM_COOKIE_SECONDS = 900;

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 302);
}

/** `GET /oauth2/authorize` under a pool domain's base. */
export function registerAuthorize(app: FastifyInstance, ctx: Context): void {
  app.get('/oauth2/authorize', async (req, reply) => {
    const found = await poolOf(ctx, req);
    if (!found) return sendErrorPage(reply, 'This domain does not exist.', 404);
    const { domain, pool } = found;
    let checked: AuthorizeRequest | undefined;
    try {
      const { client, request } = await parseAuthorizeRequest(ctx, pool, readQuery(req));
      checked = request;
      const upstream = upstreamProvider(client, request);
      if (upstream) {
        if (!startUpstream) {
          throw new OAuthRedirectError('invalid_request', 'identity provider is not available');
        }
        const { location, binding } = await startUpstream(ctx, {
          pool,
          domain,
          client,
          request,
          ...upstream,
        });
        setCookie(reply, cookieName(pool.id, 'upstream'), binding, {
          path: new URL(domain.base).pathname,
          secure: isHttps(req, ctx.publicUrl),
          maxAge: UPSTREAM_COOKIE_SECONDS,
        });
        return redirect(reply, location);
      }
      const cookie = readCookie(req, cookieName(pool.id, 'session'));
      const location = await fromSession(ctx, cookie, pool, client, request);
      if (location) return redirect(reply, location);
      if (hasPrompt(request, 'none')) throw new OAuthRedirectError('login_required');
      // Relative to this path, so the browser stays on the scheme and host it came by.
      return redirect(reply, `../login?${authorizeParams(request)}`);
    } catch (err) {
      if (err instanceof OAuthPageError) return sendErrorPage(reply, err.message, 400);
      if (err instanceof OAuthRedirectError && (err.target || checked)) {
        return redirect(reply, errorRedirect(err, err.target ? undefined : checked));
      }
      throw err;
    }
  });
}
