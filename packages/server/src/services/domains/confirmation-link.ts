import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import { DEFAULT_MESSAGES } from '../user-pools/message-templates.ts';
import { poolDomain } from './resolve.ts';

/** `{##Verify Email##}`: the link placeholder of EmailMessageByLink, its text between the marks. */
const LINK = /\{##([\s\S]*?)##\}/g;

/**
 * Cognito's words (typo included) when a pool sends a confirmation link without a domain to
 * host the confirmation page: it accepts CONFIRM_WITH_LINK on the pool, and refuses the SignUp
 * or ResendConfirmationCode that would send such a link.
 */
export const NO_DOMAIN_FOR_LINK =
  'Cannot perform specific action because there does not exist a valid use pool domain associated with the user pool';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** True when the pool confirms sign-ups by email with a link instead of a code. */
export function confirmsWithLink(pool: UserPool): boolean {
  return pool.settings.VerificationMessageTemplate?.DefaultEmailOption === 'CONFIRM_WITH_LINK';
}

/** The confirmation page a link leads to: `<domain base>/confirmUser?…`, as on Cognito. */
export function confirmationUrl(
  base: string,
  p: { clientId: string; username: string; code: string },
): string {
  const query = new URLSearchParams({
    client_id: p.clientId,
    user_name: p.username,
    confirmation_code: p.code,
  });
  return `${base}/confirmUser?${query}`;
}

/**
 * The sign-up confirmation email of a CONFIRM_WITH_LINK pool: EmailSubjectByLink and
 * EmailMessageByLink (or Cognito's defaults), the `{##…##}` placeholder made a link to the
 * domain's /confirmUser page carrying the client, the user name and the code.
 * InvalidParameterException when the pool has no domain, as Cognito answers.
 */
export async function linkConfirmationMessage(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  pool: UserPool,
  user: User,
  clientId: string,
  code: string,
): Promise<{ subject: string; body: string }> {
  const domain = await poolDomain(ctx, pool.id);
  if (!domain) throw new InvalidParameterException(NO_DOMAIN_FOR_LINK);
  const t = pool.settings.VerificationMessageTemplate ?? {};
  const url = confirmationUrl(domain.base, { clientId, username: user.username, code });
  const template = t.EmailMessageByLink ?? DEFAULT_MESSAGES.verificationMessageByLink;
  // The query is URL-encoded, so the href needs no escaping; the text is the pool's own.
  const body = template.replace(
    LINK,
    (_m, text: string) => `<a href="${url}">${escapeHtml(text)}</a>`,
  );
  return { subject: t.EmailSubjectByLink ?? DEFAULT_MESSAGES.verificationSubjectByLink, body };
}
