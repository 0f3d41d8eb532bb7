import { answerHostedChallenge } from '../../../services/sign-in/hosted.ts';
import { errorMessage, field, form, link, links, submit } from '../views/components.ts';
import { html } from '../views/html.ts';
import { renderLayout } from '../views/layout.ts';
import { answerStep, type ChallengeFlow, withChallenge } from './challenge-step.ts';
import { csrfField, type Page, pageUrl, send } from './context.ts';
import { attributeInput, attributeLabel } from './labels.ts';
import { challengeOptions } from './select-mfa.ts';

/** The attributes NEW_PASSWORD_REQUIRED still needs (`requiredAttributes`, without the prefix). */
function missing(flow: ChallengeFlow): string[] {
  return challengeOptions(flow, 'requiredAttributes').map((a) =>
    a.replace(/^userAttributes\./, ''),
  );
}

function renderNewPassword(page: Page, flow: ChallengeFlow, error?: string) {
  return send(
    page,
    renderLayout({
      title: 'Change your password',
      heading: 'Choose a new password',
      description: 'You signed in with a temporary password. Choose your own to continue.',
      branding: page.branding,
      lang: page.request.lang,
      body: html`${errorMessage(error)}${form(
        pageUrl(page, 'newPassword'),
        csrfField(page),
        field({
          label: 'New password',
          name: 'password',
          type: 'password',
          autocomplete: 'new-password',
          autofocus: true,
        }),
        ...missing(flow).map((name) =>
          field({ label: attributeLabel(name), name: `attr.${name}`, ...attributeInput(name) }),
        ),
        submit('Change password'),
      )}${links({ link: link(pageUrl(page, 'login'), 'Back to sign in') })}`,
    }),
  );
}

/** GET /newPassword: NEW_PASSWORD_REQUIRED after a temporary password. */
export function showNewPassword(page: Page) {
  return withChallenge(page, ['NEW_PASSWORD_REQUIRED'], (flow) => renderNewPassword(page, flow));
}

/** POST /newPassword: the new password and any required attribute still missing. */
export function submitNewPassword(page: Page, body: URLSearchParams) {
  return withChallenge(page, ['NEW_PASSWORD_REQUIRED'], (flow) => {
    const password = body.get('password') ?? '';
    if (!password) return renderNewPassword(page, flow, 'Enter a new password.');
    const responses: Record<string, string> = { NEW_PASSWORD: password };
    for (const name of missing(flow)) {
      const value = (body.get(`attr.${name}`) ?? '').trim();
      if (value) responses[`userAttributes.${name}`] = value;
    }
    return answerStep(
      page,
      () =>
        answerHostedChallenge(page.ctx, {
          pool: page.pool,
          client: page.client,
          session: flow.session,
          responses,
        }),
      (error) => renderNewPassword(page, flow, error),
    );
  });
}
