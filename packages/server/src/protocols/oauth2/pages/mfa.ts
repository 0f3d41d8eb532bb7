import { answerHostedChallenge } from '../../../services/sign-in/hosted.ts';
import { errorMessage, field, form, link, links, submit } from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { answerStep, type ChallengeFlow, withChallenge } from './challenge-step.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';

/** The code challenges this page answers, and the response key of each. */
const CODE_KEYS: Record<string, string> = {
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
};

function describe(flow: ChallengeFlow): string {
  const to = flow.params.CODE_DELIVERY_DESTINATION;
  if (flow.challenge === 'SMS_MFA') {
    return to ? `We sent a code by text message to ${to}.` : 'We sent a code by text message.';
  }
  if (flow.challenge === 'EMAIL_OTP') {
    return to ? `We sent a code by email to ${to}.` : 'We sent a code by email.';
  }
  return 'Enter the 6-digit code from your authenticator app.';
}

function renderMfa(page: Page, flow: ChallengeFlow, error?: string) {
  return send(
    page,
    renderLayout({
      title: 'Multi-factor authentication',
      heading: 'Verify it is you',
      description: describe(flow),
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(error)}${form(
        pageUrl(page, 'mfa'),
        csrfField(page),
        field({
          label: 'Code',
          name: 'code',
          inputmode: 'numeric',
          autocomplete: 'one-time-code',
          autofocus: true,
        }),
        submit('Sign in'),
      )}${links({ link: link(pageUrl(page, 'login'), 'Back to sign in') })}`,
    }),
  );
}

/** GET /mfa: the code of SMS_MFA, EMAIL_OTP or SOFTWARE_TOKEN_MFA. */
export function showMfa(page: Page) {
  return withChallenge(page, Object.keys(CODE_KEYS), (flow) => renderMfa(page, flow));
}

/** POST /mfa: the code answers the challenge (three tries per code, as on Cognito). */
export function submitMfa(page: Page, body: URLSearchParams) {
  return withChallenge(page, Object.keys(CODE_KEYS), (flow) => {
    const code = (body.get('code') ?? '').trim();
    if (!code) return renderMfa(page, flow, 'Enter the code.');
    return answerStep(
      page,
      () =>
        answerHostedChallenge(page.ctx, {
          pool: page.pool,
          client: page.client,
          session: flow.session,
          responses: { [CODE_KEYS[flow.challenge]]: code },
        }),
      (error) => renderMfa(page, flow, error),
    );
  });
}
