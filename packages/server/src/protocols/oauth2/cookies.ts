import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a hosted-UI cookie is for. */
export type CookiePurpose = 'session' | 'csrf' | 'upstream' | 'flow';

/**
 * A hosted-UI cookie's name: `cognate-<userPoolId>-<purpose>`. Browsers share cookies across the
 * ports of one host, so two servers (or two pools) on one machine must never read each other's.
 */
export function cookieName(userPoolId: string, purpose: CookiePurpose): string {
  return `cognate-${userPoolId}-${purpose}`;
}

/** True when the request reached us over TLS (directly, or as a trusted proxy says). */
export function isHttps(req: FastifyRequest, publicUrl: string): boolean {
  return (
    Boolean((req.raw.socket as { encrypted?: boolean }).encrypted) || publicUrl.startsWith('https:')
  );
}

/** The value of cookie `name` on the request, if any. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Options of a hosted-UI cookie. */
export interface CookieOptions {
  /** The domain base's path (`/domains/<domain>`, or `/` on a custom domain). */
  path: string;
  /** Seconds; 0 deletes the cookie. Omitted: a browser-session cookie. */
  maxAge?: number;
  /** Set on https. */
  secure: boolean;
  /** Lax by default: the OAuth redirects back from providers and apps are top-level GETs. */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/** Appends a Set-Cookie header (HttpOnly always). */
export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  opts: CookieOptions,
): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path}`,
    'HttpOnly',
    `SameSite=${opts.sameSite ?? 'Lax'}`,
  ];
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  if (opts.secure || opts.sameSite === 'None') parts.push('Secure');
  const previous = reply.getHeader('set-cookie');
  const list =
    previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}
