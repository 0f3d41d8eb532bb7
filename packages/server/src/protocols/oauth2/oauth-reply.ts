import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../../services/context.ts';
import type { PoolDomain } from '../../services/domains/resolve.ts';
import { OAuthError } from '../../services/oauth/errors.ts';
import { loadPool } from '../../services/user-pools/lookup.ts';
import { domainOf } from './domain-request.ts';
import { renderErrorPage } from './views/error-page.ts';

// Replies shared by the OAuth endpoints: JSON errors in OAuth's shape, error pages, and the pool
// behind the request's domain.

/** Sends `{"error", "error_description"?}` with the error's status (no-store, as RFC 6749 asks). */
export function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  return reply
    .status(err.status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json')
    .send({ error: err.error, ...(err.description && { error_description: err.description }) });
}

/** Sends the hosted UI's error page (never a form, never a redirect). */
export function sendErrorPage(
  reply: FastifyReply,
  message: string,
  status = 400,
  title?: string,
): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderErrorPage({ title, message }));
}

/** The domain and pool a request is for, or undefined when the domain is unknown. */
export async function poolOf(
  ctx: Context,
  req: FastifyRequest,
): Promise<{ domain: PoolDomain; pool: UserPool } | undefined> {
  try {
    const domain = await domainOf(ctx, req);
    return { domain, pool: await loadPool(ctx, domain.userPoolId) };
  } catch {
    return undefined;
  }
}

/** Runs a JSON endpoint's handler; OAuthErrors become OAuth JSON, anything else a server_error. */
export async function jsonEndpoint(
  ctx: Context,
  reply: FastifyReply,
  handler: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await handler();
  } catch (err) {
    if (err instanceof OAuthError) return sendOAuthError(reply, err);
    ctx.log.error({ err }, 'OAuth endpoint failed');
    return sendOAuthError(reply, new OAuthError('server_error', undefined, 500));
  }
}
