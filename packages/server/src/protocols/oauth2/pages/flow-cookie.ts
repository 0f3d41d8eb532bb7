import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from '../../../services/context.ts';
import { cookieName, readCookie, setCookie } from '../cookies.ts';
import type { Page } from './context.ts';

// The `flow` cookie: where this browser is in a hosted sign-in. Either the Session of the stored
// sign-in flow and the challenge it waits on (the flow itself, and who signs in, stay on the
// server), or the user who just signed up here (confirming then signs them in). The value is
// signed with the server secret, so a browser cannot make one up; it is HttpOnly.

/** What the `flow` cookie holds. */
export type FlowCookie =
  | {
      kind: 'challenge';
      clientId: string;
      /** The stored flow's Session string. */
      session: string;
      /** The challenge it waits on and its public parameters (where a code went, options). */
      challenge: string;
      params: Record<string, string>;
    }
  | {
      kind: 'signup';
      clientId: string;
      /** The user's id (sub); confirming this user's sign-up signs them in. */
      userId: string;
      /** Epoch ms after which the sign-up no longer signs in by itself. */
      until: number;
      /** Where the confirmation code went (masked), to say so on the confirmation page. */
      destination?: string;
    };

/** How long a sign-up on these pages may still sign in by confirming (Cognito codes: 24 h). */
export const SIGNUP_SIGN_IN_MS = 60 * 60 * 1000;

function mac(ctx: Pick<Context, 'serverSecret'>, body: string): string {
  return createHmac('sha256', ctx.serverSecret)
    .update(`hosted-ui flow\0${body}`)
    .digest('base64url');
}

/** Stores `value` in the browser's `flow` cookie. */
export function setFlowCookie(page: Page, value: FlowCookie): void {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  setCookie(page.reply, cookieName(page.pool.id, 'flow'), `${body}.${mac(page.ctx, body)}`, {
    path: page.cookie.path,
    secure: page.cookie.secure,
  });
}

/** Removes the `flow` cookie (the sign-in ended). */
export function clearFlowCookie(page: Page): void {
  setCookie(page.reply, cookieName(page.pool.id, 'flow'), '', {
    path: page.cookie.path,
    secure: page.cookie.secure,
    maxAge: 0,
  });
}

/** The browser's `flow` cookie when it is genuine and for this page's client. */
export function readFlowCookie(page: Page): FlowCookie | undefined {
  const raw = readCookie(page.req, cookieName(page.pool.id, 'flow'));
  const dot = raw?.lastIndexOf('.') ?? -1;
  if (!raw || dot < 0) return undefined;
  const body = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(mac(page.ctx, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as FlowCookie;
    return value.clientId === page.client.id ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The challenge flow this browser is in, if it waits on one of `challenges`. */
export function challengeCookie(
  page: Page,
  challenges: readonly string[],
): Extract<FlowCookie, { kind: 'challenge' }> | undefined {
  const value = readFlowCookie(page);
  return value?.kind === 'challenge' && challenges.includes(value.challenge) ? value : undefined;
}
