import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { confirmsWithLink, linkConfirmationMessage } from '../domains/confirmation-link.ts';
import { InvalidParameterException } from '../errors.ts';
import {
  CODE_PARAMETER,
  runCustomMessage,
  USERNAME_PARAMETER,
} from '../triggers/custom-message.ts';
import { runCustomSender } from '../triggers/custom-sender.ts';
import { isEmail } from '../validation/identifiers.ts';
import { type CodePurpose, issueCode } from './codes.ts';

/** Cognito's CodeDeliveryDetailsType. */
export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: string;
}

/** Masks a destination the way Cognito shows it: `a***@e***` or `+*******1234`. */
export function maskDestination(medium: 'EMAIL' | 'SMS', value: string): string {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(0, value.length - 5))}${value.slice(-4)}`;
  const [local, domain = ''] = value.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** Which attribute a code goes to: email first when verified or auto-verified, else phone. */
export function deliveryAttribute(
  pool: UserPool,
  user: User,
  purpose: 'signup' | 'forgot',
): 'email' | 'phone_number' | undefined {
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  const candidates: ('email' | 'phone_number')[] =
    purpose === 'signup'
      ? (['email', 'phone_number'] as const).filter((a) => auto.includes(a))
      : (['email', 'phone_number'] as const).filter(
          (a) => user.attributes[`${a}_verified`] === 'true',
        );
  return candidates.find((a) => Boolean(user.attributes[a]));
}

function template(pool: UserPool, medium: 'EMAIL' | 'SMS') {
  const t = pool.settings.VerificationMessageTemplate ?? {};
  return medium === 'EMAIL'
    ? {
        subject:
          t.EmailSubject ?? pool.settings.EmailVerificationSubject ?? 'Your verification code',
        body:
          t.EmailMessage ??
          pool.settings.EmailVerificationMessage ??
          'Your verification code is {####}. ',
      }
    : {
        subject: undefined,
        body:
          t.SmsMessage ??
          pool.settings.SmsVerificationMessage ??
          'Your verification code is {####}. ',
      };
}

/**
 * Why a message goes out: the suffix of Cognito's `CustomMessage_<source>`,
 * `CustomEmailSender_<source>` and `CustomSMSSender_<source>` trigger sources.
 */
export type MessageSource =
  | 'SignUp'
  | 'AdminCreateUser'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'UpdateUserAttribute'
  | 'VerifyUserAttribute'
  | 'Authentication';

/** What the message triggers (CustomMessage, custom senders) are told about a message. */
export interface MessageContext {
  source: MessageSource;
  /** The app client of the request that sends it; none for an administrator's call. */
  clientId?: string;
  /** The ClientMetadata of the request that sends it. */
  clientMetadata?: Record<string, string>;
}

/** What delivering a message may use: the store, and the pool's message triggers. */
export type DeliveryDeps = Pick<
  Context,
  'db' | 'clock' | 'delivery' | 'region' | 'functions' | 'log'
>;

function requirePublicUrl(ctx: Partial<Pick<Context, 'publicUrl'>>): string {
  if (ctx.publicUrl === undefined) throw new Error('a confirmation link needs the public URL');
  return ctx.publicUrl;
}

/**
 * Issues a code for `purpose` and sends it to the user's `attribute` (email or phone_number)
 * through the delivery, inside the current transaction.
 */
export async function sendCode(
  // publicUrl: sign-up codes of a CONFIRM_WITH_LINK pool go out as a link to the pool's domain.
  ctx: DeliveryDeps & Pick<Context, 'serverSecret'> & Partial<Pick<Context, 'publicUrl'>>,
  pool: UserPool,
  user: User,
  purpose: CodePurpose,
  attribute: string,
  why?: MessageContext,
): Promise<CodeDeliveryDetails> {
  const destination = user.attributes[attribute];
  if (!destination || (attribute !== 'email' && attribute !== 'phone_number')) {
    throw new InvalidParameterException(`No ${attribute} to send a code to.`);
  }
  const medium = attribute === 'email' ? 'EMAIL' : 'SMS';
  const code = await issueCode(ctx, user, purpose);
  // A CONFIRM_WITH_LINK pool confirms sign-ups with a link to its domain's /confirmUser page.
  const text =
    purpose === 'signup' && medium === 'EMAIL' && confirmsWithLink(pool)
      ? await linkConfirmationMessage(
          { db: ctx.db, publicUrl: requirePublicUrl(ctx) },
          pool,
          user,
          why?.clientId ?? '',
          code,
        )
      : template(pool, medium);
  return deliverToUser(ctx, pool, user, medium, { ...text, code }, why);
}

/**
 * Delivers a message carrying `code` (a verification code or temporary password) to the user's
 * email or phone, filling the `{####}` and `{username}` placeholders, and says how Cognito
 * describes the delivery. With `why`, the pool's message triggers take part, as on Cognito: a
 * custom sender for the medium (CustomEmailSender / CustomSMSSender) gets the code and delivers
 * it instead of the server (nothing goes to SMTP or the dev outbox); otherwise CustomMessage may
 * rewrite the text, and the message is recorded exactly as it goes out. Runs inside the
 * operation's transaction, so a failing CustomMessage function leaves nothing changed.
 */
export async function deliverToUser(
  ctx: DeliveryDeps,
  pool: UserPool,
  user: User,
  medium: 'EMAIL' | 'SMS',
  message: { subject?: string; body: string; code: string },
  why?: MessageContext,
): Promise<CodeDeliveryDetails> {
  const attribute = medium === 'EMAIL' ? 'email' : 'phone_number';
  const destination = user.attributes[attribute];
  const details: CodeDeliveryDetails = {
    Destination: maskDestination(medium, destination),
    DeliveryMedium: medium,
    AttributeName: attribute,
  };
  const trigger = why && {
    pool,
    user,
    medium,
    source: why.source,
    clientId: why.clientId,
    clientMetadata: why.clientMetadata,
  };
  if (trigger && (await runCustomSender(ctx, { ...trigger, code: message.code }))) return details;
  const text = trigger
    ? await runCustomMessage(ctx, { ...trigger, template: message })
    : { subject: message.subject, body: message.body };
  await ctx.delivery.record(
    ctx.db,
    {
      userPoolId: pool.id,
      username: user.username,
      channel: medium,
      destination,
      subject: text.subject,
      body: text.body
        .replaceAll(CODE_PARAMETER, message.code)
        .replaceAll(USERNAME_PARAMETER, user.username),
      code: message.code,
      purpose: why?.source,
    },
    ctx.clock.now(),
  );
  return details;
}

/**
 * What an unknown user "receives" when the client hides user existence: a plausible masked
 * destination, with nothing sent.
 */
export function decoyDelivery(username: string): CodeDeliveryDetails {
  const email = isEmail(username);
  return {
    Destination: maskDestination(email ? 'EMAIL' : 'SMS', email ? username : '+10000000000'),
    DeliveryMedium: email ? 'EMAIL' : 'SMS',
    AttributeName: email ? 'email' : 'phone_number',
  };
}
