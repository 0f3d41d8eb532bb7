import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserPool, UserPoolClient } from '../../../model/user-pool.ts';
import type { Context } from '../../../services/context.ts';
import type { PoolDomain } from '../../../services/domains/resolve.ts';
import {
  LimitExceededException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '../../../services/errors.ts';
import {
  type AuthorizeRequest,
  authorizeParams,
  errorRedirect,
  parseAuthorizeRequest,
} from '../../../services/oauth/authorize-request.ts';
import { OAuthPageError, OAuthRedirectError } from '../../../services/oauth/errors.ts';
import { limitCodeRequestsFrom, limitRequest } from '../../../services/rate-limits/index.ts';
import { loadPool } from '../../../services/user-pools/lookup.ts';
import { isHttps } from '../cookies.ts';
import { CSRF_FIELD, csrfToken, csrfValid } from '../csrf.ts';
import { domainOf } from '../domain-request.ts';
import { readForm, readQuery } from '../form.ts';
import { hidden } from '../views/components.ts';
import { renderErrorPage } from '../views/error-page.ts';
import type { SafeHtml } from '../views/html.ts';
import { type Branding, sendPage } from '../views/layout.ts';
import { brandingFor } from './branding.ts';

/** Everything a hosted page works with: the domain, pool, client and the carried request. */
export interface Page {
  ctx: Context;
  req: FastifyRequest;
  reply: FastifyReply;
  domain: PoolDomain;
  pool: UserPool;
  client: UserPoolClient;
  request: AuthorizeRequest;
  /** The page's own query (the request and any page parameter such as `username`). */
  query: URLSearchParams;
  branding: Branding;
  /** Where the hosted-UI cookies live. */
  cookie: { userPoolId: string; path: string; secure: boolean };
}

/** `path` of the hosted UI with the request carried in its query (and `extra` parameters). */
export function pageUrl(page: Page, path: string, extra: Record<string, string> = {}): string {
  const params = authorizeParams(page.request);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `${path}?${params.toString()}`;
}

/** The hidden CSRF field for this browser's forms (sets the `csrf` cookie when needed). */
export function csrfField(page: Page): SafeHtml {
  return hidden(CSRF_FIELD, csrfToken(page.ctx, page.req, page.reply, page.cookie));
}

/** Sends a hosted page with the pages' headers and the client's branding. */
export function send(page: Page, markup: string, status = 200): FastifyReply {
  return sendPage(page.reply, markup, { status, branding: page.branding });
}

/** Sends an error page: no form, no redirect. */
export function sendError(reply: FastifyReply, status: number, title: string, message: string) {
  return sendPage(reply, renderErrorPage({ title, message }), { status });
}

/** A page handler: `form` is the POST body, already past the CSRF check. */
export type PageHandler = (page: Page, form?: URLSearchParams) => Promise<unknown>;

/** What a hosted page's form may do that the rate limits count. */
export interface PageLimits {
  /** The form can send a code (a reset, or a confirmation code sent again) for this body. */
  sendsCode?: (form: URLSearchParams) => boolean;
}

/**
 * The API's rate limits for a form post: the buckets of its IP, client and pool, as for
 * InitiateAuth or SignUp, and the IP's code budget when the form sends a code. An error page
 * (HTTP 429) when over; undefined when the post may go on.
 */
async function limitPost(page: Page, form: URLSearchParams, limits: PageLimits) {
  const { ctx, req, reply } = page;
  if (!ctx.rateLimits?.settings.enabled) return undefined;
  try {
    await limitRequest(ctx, { ip: req.ip, clientId: page.client.id, poolId: page.pool.id });
    if (limits.sendsCode?.(form)) await limitCodeRequestsFrom(ctx, req.ip);
  } catch (err) {
    if (err instanceof TooManyRequestsException) {
      return sendError(reply, 429, 'Too many attempts', 'Wait a moment, then try again.');
    }
    if (err instanceof LimitExceededException) {
      return sendError(
        reply,
        429,
        'Too many codes requested',
        'Too many codes were sent from this address. Try again later.',
      );
    }
    throw err;
  }
  return undefined;
}

/**
 * A route handler for a hosted page: resolves the domain and its pool, checks the carried
 * authorization request (an unknown client or unregistered redirect URI gets an error page and is
 * never redirected; other request errors go back to the registered redirect URI), refuses a POST
 * without a valid CSRF token or over the rate limits, and turns anything unexpected into an error
 * page.
 */
export function pageRoute(ctx: Context, handler: PageHandler, limits: PageLimits = {}) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    let page: Page;
    try {
      const domain = await domainOf(ctx, req);
      const pool = await loadPool(ctx, domain.userPoolId);
      const query = readQuery(req);
      const { client, request } = await parseAuthorizeRequest(ctx, pool, query);
      page = {
        ctx,
        req,
        reply,
        domain,
        pool,
        client,
        request,
        query,
        branding: await brandingFor(ctx, pool, client),
        cookie: {
          userPoolId: pool.id,
          path: new URL(domain.base).pathname,
          secure: isHttps(req, ctx.publicUrl),
        },
      };
    } catch (err) {
      if (err instanceof OAuthPageError) {
        return sendError(reply, 400, 'This sign-in link is not valid', err.message);
      }
      if (err instanceof OAuthRedirectError) return reply.redirect(errorRedirect(err), 302);
      if (err instanceof ResourceNotFoundException) {
        return sendError(reply, 404, 'Page not found', 'This domain does not exist.');
      }
      throw err;
    }
    let form: URLSearchParams | undefined;
    if (req.method === 'POST') {
      form = readForm(req);
      if (!csrfValid(ctx, req, page.pool.id, form)) {
        return sendError(
          reply,
          403,
          'This form has expired',
          'The form was not sent from this page, or it has expired. Go back, reload the page and try again.',
        );
      }
      const refused = await limitPost(page, form, limits);
      if (refused) return refused;
    }
    try {
      return await handler(page, form);
    } catch (err) {
      req.log.error({ err }, 'hosted page failed');
      return sendError(reply, 500, 'Something went wrong', 'An error occurred. Please try again.');
    }
  };
}
