import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { cookieName, readCookie, setCookie } from './cookies.ts';

// CSRF protection of the hosted pages' forms (double submit, signed): the browser holds a random
// `csrf` cookie, and every form carries a token that is the HMAC of that cookie under the server
// secret. A POST is accepted only when its token matches its cookie. Another site can neither
// read the cookie nor mint a token for a cookie it planted (that takes the server secret).

/** The hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';

const COOKIE_BYTES = 32;

function tokenFor(ctx: Pick<Context, 'serverSecret'>, cookie: string): string {
  return createHmac('sha256', ctx.serverSecret)
    .update(`hosted-ui csrf\0${cookie}`)
    .digest('base64url');
}

function wellFormed(cookie: string | undefined): cookie is string {
  return cookie !== undefined && /^[A-Za-z0-9_-]{43}$/.test(cookie);
}

/**
 * The token for this browser's forms, setting the `csrf` cookie first when the browser has none
 * (or a malformed one).
 */
export function csrfToken(
  ctx: Pick<Context, 'serverSecret' | 'random'>,
  req: FastifyRequest,
  reply: FastifyReply,
  cookie: { userPoolId: string; path: string; secure: boolean },
): string {
  const name = cookieName(cookie.userPoolId, 'csrf');
  let value = readCookie(req, name);
  if (!wellFormed(value)) {
    value = ctx.random(COOKIE_BYTES).toString('base64url');
    setCookie(reply, name, value, { path: cookie.path, secure: cookie.secure });
  }
  return tokenFor(ctx, value);
}

/** True when the form's token matches the browser's `csrf` cookie (compared in constant time). */
export function csrfValid(
  ctx: Pick<Context, 'serverSecret'>,
  req: FastifyRequest,
  userPoolId: string,
  form: URLSearchParams,
): boolean {
  const cookie = readCookie(req, cookieName(userPoolId, 'csrf'));
  const given = form.get(CSRF_FIELD);
  if (!wellFormed(cookie) || !given) return false;
  const expected = Buffer.from(tokenFor(ctx, cookie));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
