// The admin console's sessions: an admin access key id and secret (the ones SigV4 checks) are
// exchanged once for a random token kept in an HttpOnly cookie; the secret is never stored by
// the browser. The token is stored only as its SHA-256, and the CSRF token is derived from it
// with the server secret, so a stolen database row yields neither.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  type AdminSession,
  deleteAdminSession,
  deleteExpiredAdminSessions,
  findLiveAdminSession,
  insertAdminSession,
  listLiveAdminSessions,
  touchAdminSession,
} from '../../store/repositories/admin-sessions.ts';
import { accessKeySecret } from '../access-keys.ts';
import type { Context } from '../context.ts';
import { CognateError, ResourceNotFoundException } from '../errors.ts';

/** Longest a console session lives, however often it is used (8 hours). */
export const ABSOLUTE_SESSION_MS = 8 * 3_600_000;
/** Use within this long of the last recorded use is not written again. */
const TOUCH_EVERY_MS = 15_000;

/** The one answer to a wrong access key id or secret (HTTP 401), whichever was wrong. */
export function consoleSignInRefused(
  message = 'Incorrect access key ID or secret access key.',
  detail?: string,
) {
  return new CognateError('NotAuthorizedException', message, 401, detail);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * True when `given` is the secret of admin key `accessKeyId`. An unknown key is compared against
 * a stand-in, so both refusals do the same work.
 */
async function checkSecret(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  accessKeyId: string,
  given: string,
): Promise<void> {
  const stored = await accessKeySecret(ctx, accessKeyId);
  const expected = sha256(stored ?? `unknown:${ctx.serverSecret.toString('hex')}`);
  const matches = timingSafeEqual(expected, sha256(given));
  // The log names a known key only: an unknown "key id" may be a secret typed in the wrong field.
  if (stored === undefined)
    throw consoleSignInRefused(undefined, 'console sign-in: unknown access key');
  if (!matches)
    throw consoleSignInRefused(undefined, `console sign-in: wrong secret for ${accessKeyId}`);
}

/** The CSRF token of the session whose cookie token is `token`. */
export function csrfTokenOf(ctx: Pick<Context, 'serverSecret'>, token: string): string {
  return createHmac('sha256', ctx.serverSecret)
    .update(`cognate-console-csrf\0${token}`)
    .digest('base64url');
}

/** True when `given` is the session's CSRF token (constant-time). */
export function csrfMatches(
  ctx: Pick<Context, 'serverSecret'>,
  token: string,
  given: string | undefined,
): boolean {
  if (!given) return false;
  return timingSafeEqual(sha256(csrfTokenOf(ctx, token)), sha256(given));
}

/** A new session and the token for its cookie (shown once, never stored). */
export interface NewConsoleSession {
  session: AdminSession;
  token: string;
  csrfToken: string;
}

/** Who asks, for the sessions list. */
export interface SessionOrigin {
  sourceIp?: string;
  userAgent?: string;
}

/**
 * Signs an admin in to the console: the pair must be one of the server's admin access keys
 * (in dev mode too). Refused: NotAuthorizedException (401), the same for either mistake.
 */
export async function startConsoleSession(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret' | 'random'>,
  creds: { accessKeyId: string; secretAccessKey: string },
  origin: SessionOrigin,
  ttlSeconds: number,
): Promise<NewConsoleSession> {
  await checkSecret(ctx, creds.accessKeyId, creds.secretAccessKey);
  const now = ctx.clock.now();
  await deleteExpiredAdminSessions(ctx.db, now);
  const token = ctx.random(32).toString('base64url');
  const absoluteExpiresAt = now + ABSOLUTE_SESSION_MS;
  const session: AdminSession = {
    id: ctx.random(16).toString('hex'),
    tokenHash: sha256(token).toString('hex'),
    accessKeyId: creds.accessKeyId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: Math.min(now + ttlSeconds * 1000, absoluteExpiresAt),
    absoluteExpiresAt,
    sourceIp: origin.sourceIp?.slice(0, 64),
    userAgent: origin.userAgent?.slice(0, 512),
  };
  await insertAdminSession(ctx.db, session);
  return { session, token, csrfToken: csrfTokenOf(ctx, token) };
}

/**
 * The live session of a cookie token, its idle expiry moved forward (up to the absolute cap);
 * NotAuthorizedException (401) when there is none.
 */
export async function resumeConsoleSession(
  ctx: Pick<Context, 'db' | 'clock'>,
  token: string | undefined,
  ttlSeconds: number,
): Promise<AdminSession> {
  const now = ctx.clock.now();
  const session = token && (await findLiveAdminSession(ctx.db, sha256(token).toString('hex'), now));
  if (!session) throw consoleSignInRefused('The console session has ended; sign in again.');
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    session.lastSeenAt = now;
    session.expiresAt = Math.min(now + ttlSeconds * 1000, session.absoluteExpiresAt);
    await touchAdminSession(ctx.db, session.id, session.lastSeenAt, session.expiresAt);
  }
  return session;
}

/** Every live console session, newest first. */
export function listConsoleSessions(ctx: Pick<Context, 'db' | 'clock'>): Promise<AdminSession[]> {
  return listLiveAdminSessions(ctx.db, ctx.clock.now());
}

/** Ends a session (sign-out, or revoked from the list); ResourceNotFoundException if none. */
export async function endConsoleSession(ctx: Pick<Context, 'db'>, sessionId: string) {
  if (!(await deleteAdminSession(ctx.db, sessionId))) {
    throw new ResourceNotFoundException('No such console session.');
  }
}
