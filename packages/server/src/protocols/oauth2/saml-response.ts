import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../../services/context.ts';
import { finishSamlSignIn } from '../../services/federation/saml.ts';
import { errorRedirect } from '../../services/oauth/authorize-request.ts';
import { completeAuthorization } from '../../services/oauth/complete.ts';
import { OAuthPageError, OAuthRedirectError } from '../../services/oauth/errors.ts';
import { startHostedSession } from '../../services/oauth/hosted-session.ts';
import { cookieName, isHttps, readCookie, setCookie } from './cookies.ts';
import { domainOf } from './domain-request.ts';
import { readForm } from './form.ts';
import { sendErrorPage } from './oauth-reply.ts';

// POST /saml2/idpresponse: the Assertion Consumer Service of a pool domain (HTTP-POST binding).
// The IdP's page posts SAMLResponse and RelayState here; a valid Response signs the user in,
// starts the hosted session and continues to the app's callback with a code, as
// /oauth2/idpresponse does for OIDC providers.

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 302);
}

/** `POST /saml2/idpresponse` (SAML 2.0 providers) under a pool domain's base. */
export function registerSamlResponse(app: FastifyInstance, ctx: Context): void {
  app.post('/saml2/idpresponse', async (req, reply) => {
    let domain: Awaited<ReturnType<typeof domainOf>>;
    try {
      domain = await domainOf(ctx, req);
    } catch {
      return sendErrorPage(reply, 'This domain does not exist.', 404);
    }
    const form = readForm(req);
    const secure = isHttps(req, ctx.publicUrl);
    const path = new URL(domain.base).pathname;
    const upstream = cookieName(domain.userPoolId, 'upstream');
    try {
      const done = await finishSamlSignIn(ctx, {
        domain,
        samlResponse: form.get('SAMLResponse'),
        relayState: form.get('RelayState'),
        binding: readCookie(req, upstream),
      });
      const session = await startHostedSession(ctx, {
        userPoolId: done.pool.id,
        userId: done.user.id,
        authTime: done.authTime,
      });
      const { location } = await completeAuthorization(ctx, {
        pool: done.pool,
        client: done.client,
        request: done.request,
        user: done.user,
        authTime: done.authTime,
        identityProvider: done.providerName,
      });
      setCookie(reply, upstream, '', { path, secure, maxAge: 0 });
      setCookie(reply, cookieName(domain.userPoolId, 'session'), session.value, {
        path,
        secure,
        maxAge: session.maxAgeSeconds,
      });
      return redirect(reply, location);
    } catch (err) {
      if (err instanceof OAuthPageError) return sendErrorPage(reply, err.message, 400);
      if (err instanceof OAuthRedirectError && err.target) {
        setCookie(reply, upstream, '', { path, secure, maxAge: 0 });
        return redirect(reply, errorRedirect(err));
      }
      throw err;
    }
  });
}
