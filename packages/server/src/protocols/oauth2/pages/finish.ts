import type { User } from '../../../model/user.ts';
import { completeAuthorization } from '../../../services/oauth/complete.ts';
import { startHostedSession } from '../../../services/oauth/hosted-session.ts';
import type { HostedOutcome } from '../../../services/sign-in/hosted.ts';
import { cookieName, setCookie } from '../cookies.ts';
import { type Page, pageUrl } from './context.ts';
import { clearFlowCookie, setFlowCookie } from './flow-cookie.ts';

/** The page that asks each challenge a hosted sign-in may meet. */
export const CHALLENGE_PAGES: Readonly<Record<string, string>> = {
  SMS_MFA: 'mfa',
  EMAIL_OTP: 'mfa',
  SOFTWARE_TOKEN_MFA: 'mfa',
  SELECT_MFA_TYPE: 'selectMfa',
  MFA_SETUP: 'mfaSetup',
  NEW_PASSWORD_REQUIRED: 'newPassword',
};

/**
 * The user is signed in: the hosted session starts (the `session` cookie, so a later
 * /oauth2/authorize goes straight to the callback) and the browser goes to the callback with a
 * code (or tokens, for response_type=token).
 */
export async function finishAuthorization(page: Page, user: User, authTime: number) {
  const { ctx, pool, client, request } = page;
  const session = await startHostedSession(ctx, { userPoolId: pool.id, userId: user.id, authTime });
  setCookie(page.reply, cookieName(pool.id, 'session'), session.value, {
    path: page.cookie.path,
    secure: page.cookie.secure,
    maxAge: session.maxAgeSeconds,
  });
  clearFlowCookie(page);
  const { location } = await completeAuthorization(ctx, { pool, client, request, user, authTime });
  return page.reply.redirect(location, 302);
}

/** Goes on from a sign-in step: to the callback when it is done, else to the next challenge. */
export async function continueSignIn(page: Page, outcome: HostedOutcome) {
  if (outcome.kind === 'authenticated') {
    return finishAuthorization(page, outcome.user, outcome.authTime);
  }
  const next = CHALLENGE_PAGES[outcome.name];
  if (!next) throw new Error(`The hosted pages cannot ask ${outcome.name}`);
  setFlowCookie(page, {
    kind: 'challenge',
    clientId: page.client.id,
    session: outcome.session,
    challenge: outcome.name,
    params: outcome.params,
  });
  // 303: the next page is fetched with GET, so reloading it sends nothing again.
  return page.reply.redirect(pageUrl(page, next), 303);
}
