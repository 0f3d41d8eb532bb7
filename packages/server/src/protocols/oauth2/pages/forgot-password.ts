import { CognateError } from '../../../services/errors.ts';
import {
  confirmForgotPassword,
  forgotPassword,
} from '../../../services/passwords/forgot-password.ts';
import { errorMessage, field, form, hidden, link, links, submit } from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';
import { usernameInput, usernameLabel } from './labels.ts';
import { messageOf } from './messages.ts';

/** The page asking whose password to reset. */
function renderForgot(page: Page, opts: { error?: string; username?: string } = {}) {
  const label = usernameLabel(page.pool);
  return send(
    page,
    renderLayout({
      title: 'Forgot your password?',
      heading: 'Reset your password',
      description: `Enter your ${label.toLowerCase()} and we will send you a message to reset your password.`,
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(opts.error)}${form(
        pageUrl(page, 'forgotPassword'),
        csrfField(page),
        field({
          label,
          name: 'username',
          ...usernameInput(page.pool),
          value: opts.username,
          autofocus: true,
        }),
        submit('Reset my password'),
      )}${links({ link: link(pageUrl(page, 'login'), 'Back to sign in') })}`,
    }),
  );
}

/** GET /forgotPassword. */
export function showForgot(page: Page) {
  return renderForgot(page);
}

/**
 * POST /forgotPassword: ForgotPassword sends the code, and the browser goes on to enter it. An
 * unknown user goes on too, so the page never tells who has an account.
 */
export async function submitForgot(page: Page, body: URLSearchParams) {
  const username = (body.get('username') ?? '').trim();
  if (!username) {
    return renderForgot(page, { error: `Enter your ${usernameLabel(page.pool).toLowerCase()}.` });
  }
  let destination: string | undefined;
  try {
    const sent = await forgotPassword(page.ctx, { pool: page.pool, client: page.client, username });
    destination = sent.Destination;
  } catch (err) {
    if (!(err instanceof CognateError && err.code === 'UserNotFoundException')) {
      return renderForgot(page, { username, error: messageOf(err) });
    }
  }
  return page.reply.redirect(
    pageUrl(page, 'confirmForgotPassword', {
      username,
      ...(destination && { destination }),
    }),
    303,
  );
}

/** The page taking the reset code and the new password. */
function renderConfirmForgot(page: Page, opts: { error?: string } = {}) {
  const username = page.query.get('username') ?? '';
  const destination = page.query.get('destination');
  // Only a masked destination is shown (the query is the browser's own, never trusted for more).
  const shown = destination && /^[+*\w.@-]{1,64}$/.test(destination) && destination.includes('*');
  return send(
    page,
    renderLayout({
      title: 'Change your password',
      heading: 'Choose a new password',
      description: shown
        ? `We sent a code to ${destination}. Enter it with your new password.`
        : 'Enter the code we sent you and your new password.',
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(opts.error)}${form(
        pageUrl(page, 'confirmForgotPassword', { username, ...(shown && { destination }) }),
        csrfField(page),
        hidden('username', username),
        field({
          label: 'Code',
          name: 'code',
          inputmode: 'numeric',
          autocomplete: 'one-time-code',
          autofocus: true,
        }),
        field({
          label: 'New password',
          name: 'password',
          type: 'password',
          autocomplete: 'new-password',
        }),
        submit('Change password'),
      )}${links({ link: link(pageUrl(page, 'login'), 'Back to sign in') })}`,
    }),
  );
}

/** GET /confirmForgotPassword. */
export function showConfirmForgot(page: Page) {
  return renderConfirmForgot(page);
}

/** POST /confirmForgotPassword: ConfirmForgotPassword, then sign in with the new password. */
export async function submitConfirmForgot(page: Page, body: URLSearchParams) {
  const username = body.get('username') ?? page.query.get('username') ?? '';
  const code = (body.get('code') ?? '').trim();
  const password = body.get('password') ?? '';
  if (!code || !password) {
    return renderConfirmForgot(page, { error: 'Enter the code and a new password.' });
  }
  try {
    await confirmForgotPassword(page.ctx, {
      pool: page.pool,
      client: page.client,
      username,
      code,
      password,
    });
  } catch (err) {
    const unknown = err instanceof CognateError && err.code === 'UserNotFoundException';
    return renderConfirmForgot(page, {
      error: unknown ? 'Invalid code provided, please try again.' : messageOf(err),
    });
  }
  return page.reply.redirect(pageUrl(page, 'login', { notice: 'password_changed' }), 303);
}
