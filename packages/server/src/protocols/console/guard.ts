// The checks every console API call passes before anything runs: a page of this console (not
// another origin), a live session cookie, and for anything that changes state the session's
// CSRF token in `x-cognate-csrf`. Errors are rendered as the Cognito JSON errors.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfMatches, resumeConsoleSession } from '../../services/console/sessions.ts';
import type { Context } from '../../services/context.ts';
import { CognateError } from '../../services/errors.ts';
import type { AdminSession } from '../../store/repositories/admin-sessions.ts';
import { sendError } from '../cognito-idp/render.ts';
import { readCookie, setCookie } from '../oauth2/cookies.ts';
import type { ConsoleOptions } from './options.ts';
import { overHttps, sameOrigin } from './transport.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'cognate-console';
/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'x-cognate-csrf';

/** The signed-in admin of a console call. */
export interface ConsoleCaller {
  session: AdminSession;
  /** The cookie's token (the CSRF token derives from it). */
  token: string;
}

/** A refusal of a request that is not from this console's pages (403). */
export function foreignOrigin() {
  return new CognateError(
    'AccessDeniedException',
    'Requests from another origin are refused.',
    403,
  );
}

/** Sets (or, with an empty token, clears) the session cookie. */
export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: ConsoleOptions,
  token: string,
): void {
  setCookie(reply, SESSION_COOKIE, token, {
    path: '/console',
    secure: overHttps(req, opts),
    sameSite: 'Strict',
    ...(token ? {} : { maxAge: 0 }),
  });
}

/** Checks the request's origin (all API calls). */
export function checkOrigin(req: FastifyRequest, opts: ConsoleOptions, ctx: Context): void {
  if (!sameOrigin(req, opts, ctx.publicUrl)) throw foreignOrigin();
}

/**
 * The caller of a console API call: its origin, its session and, unless `readOnly`, its CSRF
 * token are checked first.
 */
export async function consoleCaller(
  ctx: Context,
  req: FastifyRequest,
  opts: ConsoleOptions,
  readOnly: boolean,
): Promise<ConsoleCaller> {
  checkOrigin(req, opts, ctx);
  const token = readCookie(req, SESSION_COOKIE);
  const session = await resumeConsoleSession(ctx, token, opts.sessionTtlSeconds);
  if (!readOnly) {
    const given = req.headers[CSRF_HEADER];
    if (!csrfMatches(ctx, token as string, Array.isArray(given) ? given[0] : given)) {
      throw new CognateError(
        'AccessDeniedException',
        `Missing or invalid ${CSRF_HEADER} header.`,
        403,
      );
    }
  }
  return { session, token: token as string };
}

/** Renders a thrown error as the Cognito JSON error, as the console's pages expect. */
export function refuse(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  return sendError(reply, err, req.log as unknown as Context['log']);
}
