import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { parseAuthorizeRequest } from '../../services/oauth/authorize-request.ts';
import { OAuthPageError, OAuthRedirectError } from '../../services/oauth/errors.ts';
import { endHostedSession } from '../../services/oauth/hosted-session.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import { cookieName, isHttps, readCookie, setCookie } from './cookies.ts';
import { readQuery } from './form.ts';
import { poolOf, sendErrorPage } from './oauth-reply.ts';

// GET /logout: ends the hosted session, then either goes to a registered sign-out URL
// (client_id + logout_uri) or signs in again (client_id + redirect_uri + response_type …).
// https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html

/** `GET /logout` under a pool domain's base. */
export function registerLogout(app: FastifyInstance, ctx: Context): void {
  app.get('/logout', async (req, reply) => {
    const found = await poolOf(ctx, req);
    if (!found) return sendErrorPage(reply, 'This domain does not exist.', 404);
    const { domain, pool } = found;
    const params = readQuery(req);
    const clientId = params.get('client_id');
    const client =
      clientId && clientId.length <= 128 ? await findClient(ctx.db, clientId) : undefined;
    if (!client || client.userPoolId !== pool.id) {
      return sendErrorPage(reply, 'The app client does not exist in this user pool.');
    }
    const logoutUri = params.get('logout_uri');
    let location: string;
    if (logoutUri !== null) {
      // Exact match against LogoutURLs; anything else gets a page, never a redirect.
      if (!(client.settings.LogoutURLs ?? []).includes(logoutUri)) {
        return sendErrorPage(reply, 'The logout_uri is not registered for this app client.');
      }
      location = logoutUri;
    } else {
      if (!params.get('redirect_uri') || !params.get('response_type')) {
        return sendErrorPage(reply, 'Required parameter logout_uri or redirect_uri is missing.');
      }
      try {
        await parseAuthorizeRequest(ctx, pool, params);
      } catch (err) {
        if (err instanceof OAuthPageError) return sendErrorPage(reply, err.message);
        if (!(err instanceof OAuthRedirectError)) throw err;
      }
      // Sign in again with the same request; the sign-in page checks it (and reports errors).
      const again = new URLSearchParams(params);
      again.delete('logout_uri');
      location = `login?${again}`;
    }
    await endHostedSession(ctx, pool.id, readCookie(req, cookieName(pool.id, 'session')));
    setCookie(reply, cookieName(pool.id, 'session'), '', {
      path: new URL(domain.base).pathname,
      secure: isHttps(req, ctx.publicUrl),
      maxAge: 0,
    });
    return reply.header('cache-control', 'no-store').redirect(location, 302);
  });
}
