import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { finishUpstreamSignIn, startUpstreamSignIn } from '../../services/federation/index.ts';
import { errorRedirect } from '../../services/oauth/authorize-request.ts';
import { completeAuthorization } from '../../services/oauth/complete.ts';
import { OAuthPageError, OAuthRedirectError } from '../../services/oauth/errors.ts';
import { startHostedSession } from '../../services/oauth/hosted-session.ts';
import { useUpstreamSignIn } from './authorize.ts';
import { cookieName, isHttps, readCookie, setCookie } from './cookies.ts';
import { readForm, readQuery } from './form.ts';
import { poolOf, sendErrorPage } from './oauth-reply.ts';
import { escapeHtml } from './views/error-page.ts';

// /oauth2/idpresponse: where OIDC and social providers send the browser back (GET with the
// code in the query; Sign in with Apple POSTs it, form_post). The state must match the
// browser's `upstream` cookie; then the user is signed in and sent to the app's callback.

/** Marks a form_post that this page re-posted to itself, so it is re-posted only once. */
const RESUBMITTED = 'cognate_resubmit';

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 302);
}

/**
 * A provider's cross-site form_post arrives without the SameSite=Lax `upstream` cookie. This
 * page posts the same fields to the same address from our own origin, which carries it.
 */
function resubmitPage(reply: FastifyReply, params: URLSearchParams): FastifyReply {
  const fields = [...params, [RESUBMITTED, '1']]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head><body onload="document.forms[0].submit()"><form method="post">${fields}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
  return reply
    .status(200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

async function handle(ctx: Context, req: FastifyRequest, reply: FastifyReply, post: boolean) {
  const found = await poolOf(ctx, req);
  if (!found) return sendErrorPage(reply, 'This domain does not exist.', 404);
  const { domain, pool } = found;
  const params = post ? readForm(req) : readQuery(req);
  const upstreamCookie = cookieName(pool.id, 'upstream');
  const binding = readCookie(req, upstreamCookie);
  if (post && !binding && !params.has(RESUBMITTED)) return resubmitPage(reply, params);
  const cookiePath = new URL(domain.base).pathname;
  const secure = isHttps(req, ctx.publicUrl);
  // The binding serves one answer: cleared whatever the outcome.
  if (binding) setCookie(reply, upstreamCookie, '', { path: cookiePath, secure, maxAge: 0 });
  try {
    const done = await finishUpstreamSignIn(ctx, { domain, params, binding });
    const session = await startHostedSession(ctx, {
      userPoolId: done.pool.id,
      userId: done.user.id,
      authTime: done.authTime,
    });
    setCookie(reply, cookieName(pool.id, 'session'), session.value, {
      path: cookiePath,
      secure,
      maxAge: session.maxAgeSeconds,
    });
    const { location } = await completeAuthorization(ctx, {
      pool: done.pool,
      client: done.client,
      request: done.request,
      user: done.user,
      authTime: done.authTime,
      identityProvider: done.providerName,
    });
    return redirect(reply, location);
  } catch (err) {
    if (err instanceof OAuthPageError) return sendErrorPage(reply, err.message, 400);
    if (err instanceof OAuthRedirectError && err.target) {
      return redirect(reply, errorRedirect(err));
    }
    throw err;
  }
}

/** `/oauth2/idpresponse` (OIDC and social providers) under a pool domain's base. */
export function registerIdpResponse(app: FastifyInstance, ctx: Context): void {
  // /oauth2/authorize hands named providers to federation.
  useUpstreamSignIn(startUpstreamSignIn);
  app.get('/oauth2/idpresponse', (req, reply) => handle(ctx, req, reply, false));
  app.post('/oauth2/idpresponse', (req, reply) => handle(ctx, req, reply, true));
}
