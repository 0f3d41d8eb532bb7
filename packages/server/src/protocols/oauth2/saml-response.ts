import { createHash } from 'node:crypto';
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
import { escapeHtml } from './views/error-page.ts';

// POST /saml2/idpresponse: the Assertion Consumer Service of a pool domain (HTTP-POST binding).
// The IdP's page posts SAMLResponse and RelayState here; a valid Response signs the user in,
// starts the hosted session and continues to the app's callback with a code, as
// /oauth2/idpresponse does for OIDC providers.

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 302);
}

/** Marks a Response posted again by our own page (see sendRepost). */
const REPOST_FIELD = '_repost';
const REPOST_SCRIPT = 'document.forms[0].submit();';
const REPOST_SCRIPT_HASH = `'sha256-${createHash('sha256').update(REPOST_SCRIPT).digest('base64')}'`;

/**
 * The IdP's page posts to us from another site, and browsers send SameSite=Lax cookies (the
 * `upstream` binding) only with same-site POSTs. When the cookie is missing from such a post,
 * this page posts the same fields again from our own origin, where the cookie goes along; a
 * browser that never had the cookie then gets the error page.
 */
function sendRepost(reply: FastifyReply, form: URLSearchParams): FastifyReply {
  const fields = ['SAMLResponse', 'RelayState']
    .map((name) => [name, form.get(name)] as const)
    .filter((f): f is readonly [string, string] => f[1] !== null)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head><body><form method="post" action="idpresponse">${fields}<input type="hidden" name="${REPOST_FIELD}" value="1"><noscript><button type="submit">Continue</button></noscript></form><script>${REPOST_SCRIPT}</script></body></html>`;
  return reply
    .code(200)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; script-src ${REPOST_SCRIPT_HASH}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(page);
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
    const binding = readCookie(req, upstream);
    if (binding === undefined && form.get(REPOST_FIELD) === null && form.has('RelayState')) {
      return sendRepost(reply, form);
    }
    try {
      const done = await finishSamlSignIn(ctx, {
        domain,
        samlResponse: form.get('SAMLResponse'),
        relayState: form.get('RelayState'),
        binding,
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
