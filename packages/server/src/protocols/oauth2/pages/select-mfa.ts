import { answerHostedChallenge } from '../../../services/sign-in/hosted.ts';
import { errorMessage, form, link, links, submit } from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { answerStep, type ChallengeFlow, withChallenge } from './challenge-step.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';

/** How each factor is named on the pages. */
export const FACTOR_LABELS: Record<string, string> = {
  SMS_MFA: 'Text message (SMS)',
  EMAIL_OTP: 'Email message',
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
};

function options(flow: ChallengeFlow, key: string): string[] {
  try {
    const list = JSON.parse(flow.params[key] ?? '[]');
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

function renderSelect(page: Page, flow: ChallengeFlow, error?: string) {
  const choices = options(flow, 'MFAS_CAN_CHOOSE');
  return send(
    page,
    renderLayout({
      title: 'Choose how to verify',
      heading: 'Choose how to verify',
      description: 'Pick where we should send your sign-in code.',
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(error)}${form(
        pageUrl(page, 'selectMfa'),
        csrfField(page),
        html`<fieldset><legend>Verification method</legend>${choices.map(
          (c, i) =>
            html`<label class="choice"><input type="radio" name="factor" value="${c}"${i === 0 ? html` checked` : ''}>${FACTOR_LABELS[c] ?? c}</label>`,
        )}</fieldset>`,
        submit('Continue'),
      )}${links({ link: link(pageUrl(page, 'login'), 'Back to sign in') })}`,
    }),
  );
}

/** GET /selectMfa: SELECT_MFA_TYPE. */
export function showSelectMfa(page: Page) {
  return withChallenge(page, ['SELECT_MFA_TYPE'], (flow) => renderSelect(page, flow));
}

/** POST /selectMfa: the chosen factor is asked next. */
export function submitSelectMfa(page: Page, body: URLSearchParams) {
  return withChallenge(page, ['SELECT_MFA_TYPE'], (flow) =>
    answerStep(
      page,
      () =>
        answerHostedChallenge(page.ctx, {
          pool: page.pool,
          client: page.client,
          session: flow.session,
          responses: { ANSWER: body.get('factor') ?? '' },
        }),
      (error) => renderSelect(page, flow, error),
    ),
  );
}

export { options as challengeOptions };
