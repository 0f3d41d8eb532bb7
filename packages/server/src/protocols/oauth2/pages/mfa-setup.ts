import type { User } from '../../../model/user.ts';
import {
  answerHostedChallenge,
  completeHostedTotpSetup,
  hostedTotpSecret,
} from '../../../services/sign-in/hosted.ts';
import { errorMessage, field, form, link, links, submit } from '../views/components.ts';
import { html, trusted } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { answerStep, type ChallengeFlow, startOver, withChallenge } from './challenge-step.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';
import { setFlowCookie } from './flow-cookie.ts';
import { messageOf, sessionGone } from './messages.ts';
import { challengeOptions } from './select-mfa.ts';

/**
 * The `otpauth://` URI authenticator apps read from the QR code: the pool's name as issuer, the
 * user's email (else username) as account. otpauth and qrcode load with the first setup page.
 */
async function otpauthUri(issuer: string, account: string, secret: string): Promise<string> {
  const { TOTP, Secret } = await import('otpauth');
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

async function qrSvg(uri: string): Promise<string> {
  const QRCode = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  return svg.replace('<svg ', '<svg role="img" aria-label="QR image for your authenticator app" ');
}

async function renderSetup(
  page: Page,
  flow: ChallengeFlow,
  totp: { secret: string; user: User } | undefined,
  error?: string,
) {
  const offers = challengeOptions(flow, 'MFAS_CAN_SETUP');
  const parts = [];
  if (totp) {
    const account = totp.user.attributes.email ?? totp.user.username;
    const uri = await otpauthUri(page.pool.name, account, totp.secret);
    parts.push(html`<div class="qr">${trusted(await qrSvg(uri))}</div>
<p class="textDescription-customizable">Can't scan it? Enter this key in your app instead:</p>
<code class="secret" aria-label="Secret key">${totp.secret}</code>
${form(
  pageUrl(page, 'mfaSetup'),
  csrfField(page),
  field({
    label: 'Code',
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    autofocus: true,
  }),
  submit('Sign in'),
)}`);
  }
  if (offers.includes('EMAIL_OTP')) {
    parts.push(
      html`${totp ? html`<div class="divider">or</div>` : ''}${form(
        pageUrl(page, 'mfaSetup'),
        csrfField(page),
        field({
          label: 'Email address for codes',
          name: 'email',
          type: 'email',
          autocomplete: 'email',
        }),
        html`<button class="secondary-button" type="submit">Send code</button>`,
      )}`,
    );
  }
  return send(
    page,
    renderLayout({
      title: 'Set up multi-factor authentication',
      heading: 'Set up your authenticator',
      description: totp
        ? 'Scan this QR code with an authenticator app, then enter the 6-digit code it shows.'
        : 'Choose where we should send your sign-in codes.',
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(error)}${parts}${links({ link: link(pageUrl(page, 'login'), 'Back to sign in') })}`,
    }),
  );
}

/** The flow's authenticator secret, keeping the `flow` cookie on the flow's current Session. */
async function totpFor(page: Page, flow: ChallengeFlow) {
  if (!challengeOptions(flow, 'MFAS_CAN_SETUP').includes('SOFTWARE_TOKEN_MFA')) return undefined;
  const made = await hostedTotpSecret(page.ctx, { client: page.client, session: flow.session });
  if (made.session !== flow.session) {
    flow.session = made.session;
    setFlowCookie(page, flow);
  }
  return made;
}

/** GET /mfaSetup: MFA_SETUP, with the authenticator's QR code and secret. */
export function showMfaSetup(page: Page) {
  return withChallenge(page, ['MFA_SETUP'], async (flow) => {
    try {
      return await renderSetup(page, flow, await totpFor(page, flow));
    } catch (err) {
      if (sessionGone(err)) return startOver(page);
      throw err;
    }
  });
}

/** POST /mfaSetup: the authenticator's first code (or an email address for email MFA). */
export function submitMfaSetup(page: Page, body: URLSearchParams) {
  return withChallenge(page, ['MFA_SETUP'], async (flow) => {
    const again = async (error: string) => {
      try {
        return await renderSetup(page, flow, await totpFor(page, flow), error);
      } catch (err) {
        if (sessionGone(err)) return startOver(page);
        return renderSetup(page, flow, undefined, messageOf(err));
      }
    };
    const email = (body.get('email') ?? '').trim();
    if (email) {
      return answerStep(
        page,
        () =>
          answerHostedChallenge(page.ctx, {
            pool: page.pool,
            client: page.client,
            session: flow.session,
            responses: { EMAIL: email },
          }),
        again,
      );
    }
    const code = (body.get('code') ?? '').trim();
    if (!code) return again('Enter the code from your authenticator app.');
    return answerStep(
      page,
      () =>
        completeHostedTotpSetup(page.ctx, {
          pool: page.pool,
          client: page.client,
          session: flow.session,
          code,
        }),
      again,
    );
  });
}
