import type {
  EmailMfaConfigType,
  GetUserPoolMfaConfigResponse,
  SmsConfigurationType,
  UserPoolMfaType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PoolMfaFactors, UserPoolSettings } from '../../model/user-pool.ts';
import { InvalidParameterException } from '../errors.ts';
import {
  compact,
  readBoolean,
  readEnum,
  readObject,
  readString,
  type StringRules,
} from '../validation/members.ts';
import type { JsonObject } from '../validation/messages.ts';
import { ARN } from '../validation/shapes.ts';

/**
 * A pool's MFA settings: which factors it offers (SetUserPoolMfaConfig, or SMS alone for a pool
 * configured by CreateUserPool / UpdateUserPool), GetUserPoolMfaConfig's view of them, and the
 * rules Cognito applies when they change.
 */

/** The factors a pool offers right now; none while MfaConfiguration is OFF. */
export interface OfferedFactors {
  sms: boolean;
  totp: boolean;
  /** Email codes, with the pool's message and subject; undefined when off. */
  email?: EmailMfaConfigType;
}

/** What the pool offers, from its stored settings. */
export function poolFactors(s: UserPoolSettings): OfferedFactors {
  if (s.MfaConfiguration === 'OFF') return { sms: false, totp: false };
  const f = s.MfaFactors;
  if (!f) return { sms: Boolean(s.SmsConfiguration), totp: false };
  return { sms: f.Sms && Boolean(s.SmsConfiguration), totp: f.SoftwareToken, email: f.Email };
}

const NO_FACTOR =
  "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.";
const OFF_WITH_FACTOR =
  "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.";
const BAD_SMS =
  'Invalid SMS MFA configuration given, external id and a valid caller arn are required';

/**
 * The factors after UpdateUserPool, which has no member for TOTP or email MFA: those stay as
 * SetUserPoolMfaConfig left them, and SMS follows the SmsConfiguration the update keeps or
 * sets. ON or OPTIONAL with no factor at all is refused, in the words CreateUserPool uses.
 */
export function factorsAfterUpdate(
  current: UserPoolSettings,
  next: Pick<UserPoolSettings, 'MfaConfiguration' | 'SmsConfiguration'>,
): PoolMfaFactors | undefined {
  const kept = current.MfaFactors;
  const factors = kept && { ...kept, Sms: Boolean(next.SmsConfiguration) };
  if (next.MfaConfiguration !== 'OFF') {
    const offered = poolFactors({ ...current, ...next, MfaFactors: factors });
    if (!offered.sms && !offered.totp && !offered.email) {
      throw new InvalidParameterException(
        'SMS configuration is required when MfaConfiguration is ON or OPTIONAL.',
      );
    }
  }
  return factors;
}

const PATH = '';
/** SmsVerificationMessageType, which SmsAuthenticationMessage uses. */
const SMS_MESSAGE: StringRules = { min: 6, max: 140, pattern: '.*\\{####\\}.*' };
const CHARS = '\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}';
/** EmailMfaMessageType. */
const EMAIL_MESSAGE: StringRules = {
  min: 6,
  max: 20000,
  pattern: `[${CHARS}\\s*]*\\{####\\}[${CHARS}\\s*]*`,
};
/** EmailMfaSubjectType. */
const EMAIL_SUBJECT: StringRules = { min: 1, max: 140, pattern: `[${CHARS}\\s]+` };

/** SmsConfigurationType under `path`, members checked against Cognito's shapes. */
function readSmsConfiguration(raw: JsonObject, path: string): SmsConfigurationType | undefined {
  const sms = readObject(raw, 'SmsConfiguration', path);
  if (!sms) return undefined;
  const at = `${path}.smsConfiguration`;
  return compact({
    SnsCallerArn: readString(sms, 'SnsCallerArn', at, { ...ARN, required: true }),
    ExternalId: readString(sms, 'ExternalId', at, { max: 131072 }),
    SnsRegion: readString(sms, 'SnsRegion', at, { min: 5, max: 32 }),
  });
}

/**
 * SetUserPoolMfaConfig: the pool's settings after the request. The factors are replaced as a
 * whole (a factor left out is turned off, as on Cognito); the SMS message and sending settings
 * stay when SMS MFA is left out, since verification messages use them too.
 */
export function applyMfaConfig(current: UserPoolSettings, input: JsonObject): UserPoolSettings {
  const mode: UserPoolMfaType =
    readEnum(input, 'MfaConfiguration', PATH, ['OFF', 'ON', 'OPTIONAL'] as const) ?? 'OFF';
  const smsRaw = readObject(input, 'SmsMfaConfiguration', PATH);
  const smsMessage =
    smsRaw && readString(smsRaw, 'SmsAuthenticationMessage', 'smsMfaConfiguration', SMS_MESSAGE);
  const smsConfiguration = smsRaw && readSmsConfiguration(smsRaw, 'smsMfaConfiguration');
  const totpRaw = readObject(input, 'SoftwareTokenMfaConfiguration', PATH);
  const totp = totpRaw ? readBoolean(totpRaw, 'Enabled', 'softwareTokenMfaConfiguration') : false;
  const emailRaw = readObject(input, 'EmailMfaConfiguration', PATH);
  const email: EmailMfaConfigType | undefined =
    emailRaw &&
    compact({
      Message: readString(emailRaw, 'Message', 'emailMfaConfiguration', EMAIL_MESSAGE),
      Subject: readString(emailRaw, 'Subject', 'emailMfaConfiguration', EMAIL_SUBJECT),
    });
  if (readObject(input, 'WebAuthnConfiguration', PATH)) {
    throw new InvalidParameterException(
      'WebAuthnConfiguration is not supported by this server: passkeys are not available.',
    );
  }
  const sending = smsConfiguration ?? current.SmsConfiguration;
  if (smsRaw && !(sending?.SnsCallerArn && sending.ExternalId)) {
    throw new InvalidParameterException(BAD_SMS);
  }
  const any = Boolean(smsRaw) || Boolean(totp) || Boolean(email);
  if (mode === 'OFF' && any) throw new InvalidParameterException(OFF_WITH_FACTOR);
  if (mode !== 'OFF' && !any) throw new InvalidParameterException(NO_FACTOR);
  const next: UserPoolSettings = {
    ...structuredClone(current),
    MfaConfiguration: mode,
    MfaFactors: compact({ Sms: Boolean(smsRaw), SoftwareToken: Boolean(totp), Email: email }),
  };
  if (smsRaw) {
    next.SmsConfiguration = sending;
    if (smsMessage !== undefined) next.SmsAuthenticationMessage = smsMessage;
  }
  return next;
}

/** GetUserPoolMfaConfig (and SetUserPoolMfaConfig's answer): what the pool offers. */
export function mfaConfigView(s: UserPoolSettings): GetUserPoolMfaConfigResponse {
  const offered = poolFactors(s);
  if (s.MfaConfiguration === 'OFF') return { MfaConfiguration: 'OFF' };
  return compact({
    SmsMfaConfiguration: offered.sms
      ? compact({
          SmsAuthenticationMessage: s.SmsAuthenticationMessage,
          SmsConfiguration: structuredClone(s.SmsConfiguration),
        })
      : undefined,
    SoftwareTokenMfaConfiguration: { Enabled: offered.totp },
    EmailMfaConfiguration: offered.email && structuredClone(offered.email),
    MfaConfiguration: s.MfaConfiguration,
  });
}
