import { CognateError } from '../../../services/errors.ts';
import { listClientProviders } from '../../../services/federation/providers.ts';
import { hasPrompt } from '../../../services/oauth/authorize-request.ts';
import { completeAuthorization } from '../../../services/oauth/complete.ts';
import { findHostedSession } from '../../../services/oauth/hosted-session.ts';
import { type HostedOutcome, hostedSignIn } from '../../../services/sign-in/hosted.ts';
import { resendConfirmationCode } from '../../../services/sign-up/confirm.ts';
import { resolveUser } from '../../../services/users/lookup.ts';
import { findUserById } from '../../../store/repositories/users.ts';
import { cookieName, readCookie } from '../cookies.ts';
import { errorMessage, field, form, link, links, notice, submit } from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';
import { continueSignIn } from './finish.ts';
import { SIGNUP_SIGN_IN_MS, setFlowCookie } from './flow-cookie.ts';
import { usernameInput, usernameLabel } from './labels.ts';
import { messageOf } from './messages.ts';

/** Notices another page may send the browser back to sign-in with (`?notice=`). */
const NOTICES: Record<string, string> = {
  confirmed: 'Your account is confirmed. Sign in to continue.',
  password_changed: 'Your password has been changed. Sign in with your new password.',
  expired: 'Your sign-in session has expired. Please sign in again.',
};

/** The identity providers' buttons: each starts /oauth2/authorize with that provider. */
async function providerButtons(page: Page) {
  const providers = await listClientProviders(page.ctx, page.pool, page.client);
  if (providers.length === 0) return undefined;
  return html`<div class="providers">${providers.map(
    (p) =>
      html`<a class="idpButton-customizable" role="button" href="${pageUrl(page, 'oauth2/authorize', { identity_provider: p.name })}">Continue with ${p.name}</a>`,
  )}</div>`;
}

/** The sign-in page, with `error` from the last try and the name typed then. */
export async function renderLogin(page: Page, opts: { error?: string; username?: string } = {}) {
  const cognito = (page.client.settings.SupportedIdentityProviders ?? []).includes('COGNITO');
  const buttons = await providerButtons(page);
  const label = usernameLabel(page.pool);
  const status = NOTICES[page.query.get('notice') ?? ''];
  const signInForm = cognito
    ? html`${buttons ? html`<div class="divider">or</div>` : ''}
${form(
  pageUrl(page, 'login'),
  csrfField(page),
  field({
    label,
    name: 'username',
    ...usernameInput(page.pool),
    value: opts.username,
    autofocus: !opts.username,
  }),
  field({
    label: 'Password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    autofocus: Boolean(opts.username),
  }),
  html`<div class="row">${link(pageUrl(page, 'forgotPassword'), 'Forgot your password?')}</div>`,
  submit('Sign in'),
)}
${links({ lead: 'Need an account?', link: link(pageUrl(page, 'signup'), 'Sign up') })}`
    : '';
  return send(
    page,
    renderLayout({
      title: 'Sign in',
      heading: 'Welcome back',
      description: `Use your account to continue to ${page.client.name}.`,
      branding: page.branding,
      lang: page.request.lang,
      body: html`${notice(opts.error ? undefined : status)}${errorMessage(opts.error)}${buttons ?? ''}${signInForm}`,
    }),
  );
}

/**
 * A browser already signed in on this domain (the `session` cookie) goes straight to the
 * callback, unless the request asks for a new sign-in (`prompt=login`).
 */
async function resumeSession(page: Page): Promise<boolean> {
  if (hasPrompt(page.request, 'login')) return false;
  const value = readCookie(page.req, cookieName(page.pool.id, 'session'));
  const session = await findHostedSession(page.ctx, page.pool.id, value);
  const user = session && (await findUserById(page.ctx.db, session.userId));
  if (!session || !user?.enabled) return false;
  const { ctx, pool, client, request } = page;
  const { location } = await completeAuthorization(ctx, {
    pool,
    client,
    request,
    user,
    authTime: session.authTime,
  });
  page.reply.redirect(location, 302);
  return true;
}

/** GET /login. */
export async function showLogin(page: Page) {
  if (await resumeSession(page)) return page.reply;
  return renderLogin(page);
}

/**
 * A user who gave the right password but never confirmed: a new code goes out and the browser
 * goes to the confirmation page, after which the user is signed in (as on Cognito's hosted UI).
 */
async function toConfirmation(page: Page, username: string) {
  const user = await resolveUser(page.ctx, page.pool, username);
  if (!user) return undefined;
  const sent = await resendConfirmationCode(page.ctx, {
    pool: page.pool,
    client: page.client,
    username: user.username,
  });
  setFlowCookie(page, {
    kind: 'signup',
    clientId: page.client.id,
    userId: user.id,
    until: page.ctx.clock.now() + SIGNUP_SIGN_IN_MS,
    ...(sent.Destination && { destination: sent.Destination }),
  });
  return page.reply.redirect(pageUrl(page, 'confirmUser', { username: user.username }), 303);
}

/** POST /login: the password step of the sign-in pipeline. */
export async function submitLogin(page: Page, body: URLSearchParams) {
  const username = (body.get('username') ?? '').trim();
  const password = body.get('password') ?? '';
  if (!username || !password) {
    return renderLogin(page, { username, error: 'Enter your username and password.' });
  }
  let outcome: HostedOutcome;
  try {
    outcome = await hostedSignIn(page.ctx, {
      pool: page.pool,
      client: page.client,
      username,
      password,
    });
  } catch (err) {
    if (err instanceof CognateError && err.code === 'UserNotConfirmedException') {
      const sent = await toConfirmation(page, username);
      if (sent) return sent;
    }
    return renderLogin(page, { username, error: messageOf(err) });
  }
  return continueSignIn(page, outcome);
}
