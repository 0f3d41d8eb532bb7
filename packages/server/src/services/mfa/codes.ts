import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { type DeliveryDeps, deliverToUser, maskDestination } from '../delivery/code-delivery.ts';
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

/** Keyed hash of a code, bound to the user and the challenge it was sent for. */
export function hashMfaCode(
  ctx: Pick<Context, 'serverSecret'>,
  userId: string,
  challenge: string,
  code: string,
): string {
  return createHmac('sha256', ctx.serverSecret)
    .update(`mfa\0${userId}\0${challenge}\0${code}`)
    .digest('hex');
}

/** Compares a typed code with the stored hash in constant time. */
export function mfaCodeMatches(
  ctx: Pick<Context, 'serverSecret'>,
  userId: string,
  challenge: string,
  code: string,
  storedHash: string,
): boolean {
  const given = Buffer.from(hashMfaCode(ctx, userId, challenge, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
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
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const why = {
    source: 'Authentication' as const,
    clientId: opts.clientId,
    clientMetadata: opts.clientMetadata,
  };
  let medium: 'SMS' | 'EMAIL';
  let destination: string;
  if (challenge === 'SMS_MFA') {
    medium = 'SMS';
    destination = user.attributes.phone_number;
    const body = pool.settings.SmsAuthenticationMessage ?? DEFAULT_MESSAGES.authenticationMessage;
    await deliverToUser(ctx, pool, user, 'SMS', { body, code }, why);
  } else {
    medium = 'EMAIL';
    destination = opts.emailTo ?? user.attributes.email;
    const email = poolFactors(pool.settings).email ?? {};
    const to = { ...user, attributes: { ...user.attributes, email: destination } };
    const message = {
      subject: email.Subject ?? DEFAULT_EMAIL_MFA_SUBJECT,
      body: email.Message ?? DEFAULT_MESSAGES.authenticationMessage,
      code,
    };
    await deliverToUser(ctx, pool, to, 'EMAIL', message, why);
  }
  return {
    codeHash: hashMfaCode(ctx, user.id, challenge, code),
    params: {
      CODE_DELIVERY_DELIVERY_MEDIUM: medium,
      CODE_DELIVERY_DESTINATION: maskDestination(medium, destination),
    },
  };
}
