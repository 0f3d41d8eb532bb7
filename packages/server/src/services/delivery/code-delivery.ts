import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { touchCode } from '../../store/repositories/codes.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import { confirmsWithLink, linkConfirmationMessage } from '../domains/confirmation-link.ts';
import { InvalidParameterException } from '../errors.ts';
import { limitCodesTo } from '../rate-limits/rate-limits.ts';
import {
  CODE_PARAMETER,
  runCustomMessage,
  USERNAME_PARAMETER,
} from '../triggers/custom-message.ts';
import { runCustomSender } from '../triggers/custom-sender.ts';
import { decoySeed, decoyUserId } from '../users/decoy-user.ts';
import { isEmail, isPhoneNumber } from '../validation/identifiers.ts';
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
> &
  Partial<Pick<Context, 'rateLimits'>>;

/**
 * The requests that send a user a code on demand, limited per user (config
 * `rateLimits.codesPerUser`, Cognito's 5 an hour): ForgotPassword and AdminResetUserPassword,
 * ResendConfirmationCode, GetUserAttributeVerificationCode.
 */
const LIMITED_SOURCES: readonly MessageSource[] = [
  'ForgotPassword',
  'ResendCode',
  'VerifyUserAttribute',
];

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
  if (why && LIMITED_SOURCES.includes(why.source)) await limitCodesTo(ctx, user.id);
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
 * What an unknown user "receives" when the client hides user existence: a delivery of the form a
 * real user of the pool would get (email when the name is one or the pool verifies email, else
 * SMS), to a masked destination that is stable for the name.
 */
export function decoyDelivery(
  ctx: Pick<Context, 'serverSecret'>,
  pool: UserPool,
  username: string,
): CodeDeliveryDetails {
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  const sms =
    isPhoneNumber(username) ||
    (!isEmail(username) && !auto.includes('email') && auto.includes('phone_number'));
  const seed = decoySeed(ctx, pool, username, 'decoy-destination');
  if (sms) {
    const phone = isPhoneNumber(username)
      ? username
      : `+1555${String(seed.readUInt32BE(0) % 10_000_000).padStart(7, '0')}`;
    return {
      Destination: maskDestination('SMS', phone),
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    };
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const email = isEmail(username) ? username : `${letters[seed[0] % 26]}@${letters[seed[1] % 26]}`;
  return {
    Destination: maskDestination('EMAIL', email),
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  };
}

/**
 * The work a code request for an unknown user does instead of sending one, so its answer, its
 * limits and its cost match a real user's: in one transaction, the per-user code limit, a code
 * stored under the decoy's id (never sent; guesses at it count like guesses at a real one) and
 * as many writes as a real delivery makes.
 */
export async function sendDecoyCode(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret' | 'rateLimits'>,
  pool: UserPool,
  username: string,
  purpose: 'forgot' | 'signup',
): Promise<CodeDeliveryDetails> {
  const id = decoyUserId(ctx, pool, username);
  return inTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    await limitCodesTo(tctx, id);
    await issueCode(tctx, { id, userPoolId: pool.id }, purpose);
    // A real request also writes an auth event and an outbox row: two writes of the same cost.
    await touchCode(db, id, purpose, ctx.clock.now());
    await touchCode(db, id, purpose, ctx.clock.now());
    return decoyDelivery(ctx, pool, username);
  });
}
