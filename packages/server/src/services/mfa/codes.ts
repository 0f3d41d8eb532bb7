import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import {
  type CodeDeliveryDetails,
  type DeliveryDeps,
  deliverToUser,
} from '../delivery/code-delivery.ts';
import { codeMatches, hashCode, newCode } from '../delivery/codes.ts';
import { DEFAULT_MESSAGES } from '../user-pools/message-templates.ts';
import { poolFactors } from './pool-config.ts';

/**
 * The one-time codes of the SMS_MFA and EMAIL_OTP challenges: six digits, sent through the
 * pool's message path (and its message triggers), kept only as a keyed hash in the sign-in flow,
 * which they expire with.
 */

/** Codes one MFA session takes (answers and setup codes alike); the next answer finds it gone. */
export const MFA_CODE_TRIES = 3;

/** Subject of MFA emails when the pool sets none. */
export const DEFAULT_EMAIL_MFA_SUBJECT = 'Your authentication code';

/** What an MFA code's hash is bound to besides the user (see hashCode). */
function purposeOf(challenge: 'SMS_MFA' | 'EMAIL_OTP'): string {
  return `mfa:${challenge}`;
}

/** Compares a typed code with the stored hash in constant time. */
export function mfaCodeMatches(
  ctx: Pick<Context, 'serverSecret'>,
  userId: string,
  challenge: 'SMS_MFA' | 'EMAIL_OTP',
  code: string,
  storedHash: string,
): boolean {
  return codeMatches(ctx.serverSecret, userId, purposeOf(challenge), code, storedHash);
}

/** A code sent: its hash for the flow, and the challenge parameters that describe the delivery. */
export interface SentCode {
  codeHash: string;
  params: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS' | 'EMAIL'; CODE_DELIVERY_DESTINATION: string };
}

/**
 * Sends a sign-in code by SMS (the pool's SmsAuthenticationMessage) or email (the pool's email
 * MFA message and subject) to the user's phone number or email address, or to `emailTo` (an
 * address being set up in MFA_SETUP), as an `Authentication` message.
 */
export async function sendMfaCode(
  ctx: DeliveryDeps & Pick<Context, 'serverSecret'>,
  pool: UserPool,
  user: User,
  challenge: 'SMS_MFA' | 'EMAIL_OTP',
  opts: { clientId?: string; clientMetadata?: Record<string, string>; emailTo?: string } = {},
): Promise<SentCode> {
  const code = newCode();
  const why = {
    source: 'Authentication' as const,
    clientId: opts.clientId,
    clientMetadata: opts.clientMetadata,
  };
  // deliverToUser masks the destination as Cognito shows it; the challenge says the same.
  let sent: CodeDeliveryDetails;
  if (challenge === 'SMS_MFA') {
    const body = pool.settings.SmsAuthenticationMessage ?? DEFAULT_MESSAGES.authenticationMessage;
    sent = await deliverToUser(ctx, pool, user, 'SMS', { body, code }, why);
  } else {
    const email = poolFactors(pool.settings).email ?? {};
    const destination = opts.emailTo ?? user.attributes.email;
    const to = { ...user, attributes: { ...user.attributes, email: destination } };
    const message = {
      subject: email.Subject ?? DEFAULT_EMAIL_MFA_SUBJECT,
      body: email.Message ?? DEFAULT_MESSAGES.authenticationMessage,
      code,
    };
    sent = await deliverToUser(ctx, pool, to, 'EMAIL', message, why);
  }
  return {
    codeHash: hashCode(ctx.serverSecret, user.id, purposeOf(challenge), code),
    params: {
      CODE_DELIVERY_DELIVERY_MEDIUM: sent.DeliveryMedium,
      CODE_DELIVERY_DESTINATION: sent.Destination,
    },
  };
}
