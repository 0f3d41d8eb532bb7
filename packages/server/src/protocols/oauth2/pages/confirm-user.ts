import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../services/context.ts';
import { CognateError, ResourceNotFoundException } from '../../../services/errors.ts';
import { hostedSignInConfirmed } from '../../../services/sign-in/hosted.ts';
import { confirmSignUp, resendConfirmationCode } from '../../../services/sign-up/confirm.ts';
import { loadClient } from '../../../services/user-pools/lookup.ts';
import { resolveUser } from '../../../services/users/lookup.ts';
import { domainOf } from '../domain-request.ts';
import { readQuery } from '../form.ts';
import {
  errorMessage,
  field,
  form,
  hidden,
  notice,
  secondary,
  submit,
} from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout, sendPage } from '../views/layout.ts';
import { csrfField, type Page, pageUrl, send, sendError } from './context.ts';
import { continueSignIn } from './finish.ts';
import { readFlowCookie, setFlowCookie } from './flow-cookie.ts';
import { messageOf } from './messages.ts';

/** The confirmation page: the code that went to `destination`, for `username`. */
function renderConfirm(page: Page, opts: { error?: string; status?: string } = {}) {
  const username = page.query.get('username') ?? '';
  const signup = readFlowCookie(page);
  const destination = signup?.kind === 'signup' ? signup.destination : undefined;
  return send(
    page,
    renderLayout({
      title: 'Confirm your account',
      heading: 'Check your messages',
      description: destination
        ? `We sent a code to ${destination}. Enter it below to finish creating your account.`
        : 'Enter the code we sent you to finish creating your account.',
      branding: page.branding,
      lang: page.request.lang,
      body: html`${notice(opts.status)}${errorMessage(opts.error)}${form(
        pageUrl(page, 'confirmUser', { username }),
        csrfField(page),
        hidden('username', username),
        field({
          label: 'Code',
          name: 'code',
          inputmode: 'numeric',
          autocomplete: 'one-time-code',
          autofocus: true,
        }),
        submit('Confirm'),
      )}<div class="links"><span>Didn't receive it?</span>${form(
        pageUrl(page, 'confirmUser', { username }),
        csrfField(page),
        hidden('username', username),
        secondary('Send again', { name: 'action', value: 'resend' }),
      )}</div>`,
    }),
  );
}

/** GET /confirmUser (without `confirmation_code`): the form for the code. */
export function showConfirm(page: Page) {
  return renderConfirm(page);
}

/**
 * POST /confirmUser: ConfirmSignUp with the code (or a new code). A user who signed up in this
 * browser is then signed in and goes on to the callback; anyone else goes to sign in.
 */
export async function submitConfirm(page: Page, body: URLSearchParams) {
  const { ctx, pool, client } = page;
  const username = body.get('username') ?? page.query.get('username') ?? '';
  if (body.get('action') === 'resend') {
    try {
      const sent = await resendConfirmationCode(ctx, { pool, client, username });
      const signup = readFlowCookie(page);
      if (signup?.kind === 'signup')
        setFlowCookie(page, { ...signup, destination: sent.Destination });
      return renderConfirm(page, { status: `We sent a new code to ${sent.Destination}.` });
    } catch (err) {
      return renderConfirm(page, { error: messageOf(err) });
    }
  }
  const code = (body.get('code') ?? '').trim();
  if (!code) return renderConfirm(page, { error: 'Enter the code we sent you.' });
  try {
    await confirmSignUp(ctx, { pool, client, username, code });
  } catch (err) {
    return renderConfirm(page, { error: messageOf(err) });
  }
  const signup = readFlowCookie(page);
  const user = await resolveUser(ctx, pool, username);
  const signedUpHere =
    signup?.kind === 'signup' && user?.id === signup.userId && signup.until > ctx.clock.now();
  if (!user || !signedUpHere) {
    return page.reply.redirect(pageUrl(page, 'login', { notice: 'confirmed' }), 303);
  }
  try {
    return await continueSignIn(page, await hostedSignInConfirmed(ctx, { pool, client, user }));
  } catch (err) {
    if (!(err instanceof CognateError)) throw err;
    return page.reply.redirect(pageUrl(page, 'login', { notice: 'confirmed' }), 303);
  }
}

/**
 * GET /confirmUser?client_id=…&user_name=…&confirmation_code=…: the link of a CONFIRM_WITH_LINK
 * message. It confirms the user and says so; it names no redirect URI, so nothing follows.
 */
export async function confirmByLink(ctx: Context, req: FastifyRequest, reply: FastifyReply) {
  const query = readQuery(req);
  const page = (title: string, message: string, ok: boolean) =>
    sendPage(
      reply,
      renderLayout({
        title,
        heading: title,
        body: ok ? html`${notice(message)}` : html`${errorMessage(message)}`,
      }),
      { status: ok ? 200 : 400 },
    );
  let pool: Awaited<ReturnType<typeof loadClient>>['pool'];
  let client: Awaited<ReturnType<typeof loadClient>>['client'];
  try {
    const domain = await domainOf(ctx, req);
    ({ pool, client } = await loadClient(ctx, query.get('client_id') ?? ''));
    if (pool.id !== domain.userPoolId) throw new ResourceNotFoundException();
  } catch (err) {
    if (!(err instanceof CognateError)) throw err;
    return sendError(
      reply,
      400,
      'This link is not valid',
      'The link does not name an app of this domain.',
    );
  }
  const username = query.get('user_name') ?? query.get('username') ?? '';
  const code = query.get('confirmation_code') ?? '';
  try {
    await confirmSignUp(ctx, { pool, client, username, code });
  } catch (err) {
    if (!(err instanceof CognateError)) throw err;
    const user = await resolveUser(ctx, pool, username);
    if (user && user.status === 'CONFIRMED') {
      return page('Account confirmed', 'Your account is already confirmed. You can sign in.', true);
    }
    return page('This link is not valid', messageOf(err), false);
  }
  return page(
    'Account confirmed',
    'Your registration has been confirmed. You can now sign in with your account.',
    true,
  );
}
