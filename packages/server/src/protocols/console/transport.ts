// Where a console request came from and over what: https directly (the same port speaks TLS) or
// through a proxy the configuration trusts, and the origin a browser page on this server has.
import type { FastifyRequest } from 'fastify';
import type { ConsoleOptions } from './options.ts';

/** The first value of a (possibly repeated, comma-joined) forwarding header. */
function forwarded(req: FastifyRequest, name: string): string | undefined {
  const raw = req.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value?.split(',')[0]?.trim().toLowerCase() || undefined;
}

/** True when the browser reached the console over https. */
export function overHttps(req: FastifyRequest, opts: ConsoleOptions): boolean {
  if ((req.raw.socket as { encrypted?: boolean }).encrypted) return true;
  return opts.trustProxy && forwarded(req, 'x-forwarded-proto') === 'https';
}

/**
 * On a non-loopback bind the console (pages and API) is served only over https: its cookie and
 * the admin secret typed into it must not cross a network in the clear.
 */
export function transportAllowed(req: FastifyRequest, opts: ConsoleOptions): boolean {
  return opts.loopback || overHttps(req, opts);
}

/** The origins a page of this console has when it calls the API. */
export function ownOrigins(req: FastifyRequest, opts: ConsoleOptions, publicUrl: string): string[] {
  const scheme = overHttps(req, opts) ? 'https' : 'http';
  const host = (opts.trustProxy && forwarded(req, 'x-forwarded-host')) || req.headers.host;
  const out = host ? [`${scheme}://${host.toLowerCase()}`] : [];
  try {
    out.push(new URL(publicUrl).origin);
  } catch {
    // no public URL to add
  }
  return out;
}

/**
 * True when the request comes from a page of this console, or from no page at all (a tool):
 * a browser names another page's origin in `Origin`, and `Sec-Fetch-Site` says `same-site` or
 * `cross-site` for any other site, including another port of the same host.
 */
export function sameOrigin(req: FastifyRequest, opts: ConsoleOptions, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return ownOrigins(req, opts, publicUrl).includes(String(origin).toLowerCase());
}

/** The caller's address (the proxy's `X-Forwarded-For` when trusted). */
export function sourceIp(req: FastifyRequest, opts: ConsoleOptions): string | undefined {
  return (opts.trustProxy && forwarded(req, 'x-forwarded-for')) || req.ip || undefined;
}
