import type { MFAOptionType } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '../../model/user.ts';
import {
  findUserMfa,
  type MfaFactor,
  saveUserMfa,
  type UserMfa,
} from '../../store/repositories/user-mfa.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import {
  checkEnum,
  checkList,
  compact,
  readBoolean,
  readObject,
  readString,
} from '../validation/members.ts';
import { isObject, type JsonObject } from '../validation/messages.ts';

/**
 * A user's MFA settings as the user (SetUserMFAPreference, SetUserSettings) or an administrator
 * (their Admin forms) sets them, and as GetUser / AdminGetUser report them.
 */

/** Every factor, in the order Cognito lists them. */
export const FACTORS: readonly MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

/** The settings of a user who never set any. */
export function noMfa(user: Pick<User, 'id' | 'userPoolId'>): UserMfa {
  return {
    userId: user.id,
    userPoolId: user.userPoolId,
    sms: false,
    totp: false,
    email: false,
    preferencesSet: false,
    totpLastStep: 0,
    updatedAt: 0,
  };
}

/** The user's MFA settings (the defaults when none were ever set). */
export async function loadUserMfa(
  ctx: Pick<Context, 'db'>,
  user: Pick<User, 'id' | 'userPoolId'>,
): Promise<UserMfa> {
  return (await findUserMfa(ctx.db, user.id)) ?? noMfa(user);
}

/** Whether `factor` is switched on in `mfa`. */
export function isEnabled(mfa: UserMfa, factor: MfaFactor): boolean {
  if (factor === 'SMS_MFA') return mfa.sms;
  if (factor === 'SOFTWARE_TOKEN_MFA') return mfa.totp;
  return mfa.email;
}

function setEnabled(mfa: UserMfa, factor: MfaFactor, on: boolean): void {
  if (factor === 'SMS_MFA') mfa.sms = on;
  else if (factor === 'SOFTWARE_TOKEN_MFA') mfa.totp = on;
  else mfa.email = on;
}

/** One factor's part of SetUserMFAPreference: what the request says, member by member. */
export interface FactorPreference {
  enabled?: boolean;
  preferred?: boolean;
}

/** The request members, by factor. */
export type MfaPreferences = Partial<Record<MfaFactor, FactorPreference>>;

const MEMBERS: Record<MfaFactor, string> = {
  SMS_MFA: 'SMSMfaSettings',
  SOFTWARE_TOKEN_MFA: 'SoftwareTokenMfaSettings',
  EMAIL_OTP: 'EmailMfaSettings',
};

/** Reads SMSMfaSettings, SoftwareTokenMfaSettings and EmailMfaSettings of a request. */
export function parseMfaPreferences(input: JsonObject): MfaPreferences {
  const out: MfaPreferences = {};
  for (const factor of FACTORS) {
    const raw = readObject(input, MEMBERS[factor], '');
    if (!raw) continue;
    const path = MEMBERS[factor].charAt(0).toLowerCase() + MEMBERS[factor].slice(1);
    out[factor] = {
      enabled: readBoolean(raw, 'Enabled', path),
      preferred: readBoolean(raw, 'PreferredMfa', path),
    };
  }
  return out;
}

/** Why `factor` cannot be switched on for this user, in Cognito's words, or undefined. */
function missingDelivery(user: User, mfa: UserMfa, factor: MfaFactor): string | undefined {
  const ready =
    factor === 'SMS_MFA'
      ? Boolean(user.attributes.phone_number)
      : factor === 'EMAIL_OTP'
        ? Boolean(user.attributes.email)
        : Boolean(mfa.totpSecret);
  return ready ? undefined : `User does not have delivery config set to turn on ${factor}`;
}

/**
 * SetUserMFAPreference and AdminSetUserMFAPreference. Factors the request leaves out keep their
 * state. A factor can only be switched on when the user can receive it (a phone number, an
 * email address, a verified authenticator app); one factor at most is preferred, and only an
 * enabled one. Everything is checked before anything is written.
 */
export async function setMfaPreference(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: User,
  prefs: MfaPreferences,
): Promise<void> {
  const mfa = await loadUserMfa(ctx, user);
  const given = FACTORS.filter((f) => prefs[f]);
  if (given.filter((f) => prefs[f]?.preferred).length > 1) {
    throw new InvalidParameterException('Only one MFA option can be set as preferred.');
  }
  for (const factor of given) {
    const p = prefs[factor] as FactorPreference;
    const on = p.enabled ?? isEnabled(mfa, factor);
    if (p.preferred && !on) {
      throw new InvalidParameterException(`${factor} must be enabled to be the preferred MFA.`);
    }
    if (p.enabled && !isEnabled(mfa, factor)) {
      const why = missingDelivery(user, mfa, factor);
      if (why) throw new InvalidParameterException(why);
    }
  }
  for (const factor of given) {
    const p = prefs[factor] as FactorPreference;
    if (p.enabled !== undefined) setEnabled(mfa, factor, p.enabled);
    if (p.preferred) mfa.preferred = factor;
    else if (mfa.preferred === factor && (p.preferred === false || p.enabled === false)) {
      mfa.preferred = undefined;
    }
  }
  if (mfa.preferred && !isEnabled(mfa, mfa.preferred)) mfa.preferred = undefined;
  mfa.preferencesSet = true;
  mfa.updatedAt = ctx.clock.now();
  await saveUserMfa(ctx.db, mfa);
}

/**
 * Reads the legacy MFAOptions of SetUserSettings / AdminSetUserSettings: a list of
 * `{DeliveryMedium, AttributeName}`; only SMS to `phone_number` is an MFA option.
 */
export function parseMfaOptions(input: JsonObject): MFAOptionType[] {
  const raw = input.MFAOptions;
  if (raw === undefined || raw === null) {
    throw new InvalidParameterException(
      "1 validation error detected: Value null at 'mFAOptions' failed to satisfy constraint: Member must not be null",
    );
  }
  return checkList(raw, 'mFAOptions').map((item, i) => {
    const path = `mFAOptions.${i + 1}.member`;
    if (!isObject(item))
      throw new InvalidParameterException(`Invalid type for ${path}: expected a structure.`);
    return compact({
      DeliveryMedium:
        item.DeliveryMedium === undefined || item.DeliveryMedium === null
          ? undefined
          : checkEnum(item.DeliveryMedium, `${path}.deliveryMedium`, ['SMS', 'EMAIL'] as const),
      AttributeName: readString(item, 'AttributeName', path, {
        min: 1,
        max: 32,
        pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
      }),
    });
  });
}

/**
 * SetUserSettings and AdminSetUserSettings: the legacy switch for SMS MFA. An SMS option to the
 * phone number turns SMS MFA on, an empty list turns it off; Cognito takes no other option.
 */
export async function setLegacyMfaOptions(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: User,
  options: MFAOptionType[],
): Promise<void> {
  for (const o of options) {
    if (o.DeliveryMedium !== 'SMS' || o.AttributeName !== 'phone_number') {
      throw new InvalidParameterException(
        'Only an SMS option to phone_number can be set as an MFA option.',
      );
    }
  }
  const mfa = await loadUserMfa(ctx, user);
  const on = options.length > 0;
  if (on && !mfa.sms) {
    const why = missingDelivery(user, mfa, 'SMS_MFA');
    if (why) throw new InvalidParameterException(why);
  }
  mfa.sms = on;
  if (!on && mfa.preferred === 'SMS_MFA') mfa.preferred = undefined;
  mfa.updatedAt = ctx.clock.now();
  await saveUserMfa(ctx.db, mfa);
}

/** The MFA members of GetUser and AdminGetUser. */
export interface UserMfaView {
  MFAOptions?: MFAOptionType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

/**
 * What GetUser and AdminGetUser report, as Cognito does: MFAOptions (the legacy SMS option)
 * while SMS MFA is on, PreferredMfaSetting when a factor is preferred, and UserMFASettingList
 * (possibly empty) once the preferences were set; nothing for a user who never set any.
 */
export function userMfaView(mfa: UserMfa | undefined): UserMfaView {
  if (!mfa) return {};
  return compact({
    MFAOptions: mfa.sms ? [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] : undefined,
    PreferredMfaSetting: mfa.preferred,
    UserMFASettingList: mfa.preferencesSet ? FACTORS.filter((f) => isEnabled(mfa, f)) : undefined,
  });
}

/** The view of a user's stored settings (one read). */
export async function readUserMfaView(
  ctx: Pick<Context, 'db'>,
  user: Pick<User, 'id'>,
): Promise<UserMfaView> {
  return userMfaView(await findUserMfa(ctx.db, user.id));
}
