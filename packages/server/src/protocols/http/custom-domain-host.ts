import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** How often each instance re-reads the custom domains (others may have added or removed one). */
export const CUSTOM_DOMAIN_REFRESH_MS = 15_000;

/** The host name of a Host header: no port, no IPv6 brackets, lower-case. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.split(':')[0];
  return name.toLowerCase();
}

/**
 * Fastify's `rewriteUrl`: a request whose Host is a pool's custom domain is served by that
 * domain's routes, `/domains/<host>/…`, as if it had come to the prefix layout. Synchronous (as
 * Fastify requires), so it asks the in-memory set of custom domains.
 */
export function customDomainRewriter(ctx: Pick<Context, 'customDomains'>) {
  return (req: IncomingMessage): string => {
    const url = req.url ?? '/';
    const domains = ctx.customDomains;
    if (!domains) return url;
    const host = hostName(req.headers.host);
    if (!host || !domains.isCustomHost(host)) return url;
    return `/domains/${host}${url.startsWith('/') ? url : `/${url}`}`;
  };
}

/** Loads the custom domains when the app starts and keeps them fresh while it runs. */
export function watchCustomDomains(app: FastifyInstance, ctx: Context): void {
  const domains = ctx.customDomains;
  if (!domains) return;
  const refresh = () =>
    domains
      .refresh(ctx.db)
      .catch((err) => ctx.log.warn({ err }, 'reading the custom domains failed'));
  app.addHook('onReady', refresh);
  const timer = setInterval(refresh, CUSTOM_DOMAIN_REFRESH_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
