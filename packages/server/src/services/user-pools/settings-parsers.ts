import type {
  AccountRecoverySettingType,
  AdminCreateUserConfigType,
  AuthFactorType,
  DeviceConfigurationType,
  EmailConfigurationType,
  LambdaConfigType,
  RecoveryOptionNameType,
  SmsConfigurationType,
  UserPoolAddOnsType,
  VerifiedAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolSettings } from '../../model/user-pool.ts';
import { InvalidParameterException } from '../errors.ts';
import { COMPROMISED_CHECK_MEMBER } from '../passwords/compromised.ts';
import { isWebhookUrl } from '../triggers/webhook.ts';
import {
  checkEnum,
  checkString,
  compact,
  readBoolean,
  readEnum,
  readEnumList,
  readInteger,
  readList,
  readObject,
  readString,
} from '../validation/members.ts';
import { isObject, type JsonObject, memberPath, validationError } from '../validation/messages.ts';
import { ARN } from '../validation/shapes.ts';
import { parseInviteTemplate } from './message-templates.ts';

/**
 * Parsers for the pool settings that both CreateUserPool and UpdateUserPool accept. Each returns
 * Cognito's default when its member is absent: that is what UpdateUserPool does with anything
 * left out ("If you don't provide a value for an attribute, Amazon Cognito sets it to its default
 * value" — API_UpdateUserPool). Shape constraints come from Cognito's Smithy model
 * (botocore cognito-idp 2016-04-18 service-2.json).
 */

/** Cognito's default password policy (DescribeUserPool of a pool created without Policies). */
export const DEFAULT_PASSWORD_POLICY = Object.freeze({
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
});

/** Default lifetime of temporary passwords and of unused admin-created accounts, in days. */
export const DEFAULT_TEMPORARY_PASSWORD_DAYS = 7;

const CHARS = '\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}';
const VERIFIED: readonly VerifiedAttributeType[] = ['phone_number', 'email'];
const AUTH_FACTORS: readonly AuthFactorType[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** Policies: the password policy (and temporary-password lifetime) plus the sign-in policy. */
export function parsePolicies(
  input: JsonObject,
  temporaryPasswordDays: number,
): UserPoolSettings['Policies'] {
  const policies = readObject(input, 'Policies', '') ?? {};
  const given = readObject(policies, 'PasswordPolicy', 'policies');
  const path = 'policies.passwordPolicy';
  const history = given && readInteger(given, 'PasswordHistorySize', path, { min: 0, max: 24 });
  // A given policy replaces the default whole: requirements it leaves out are off.
  const PasswordPolicy = given
    ? compact({
        MinimumLength:
          readInteger(given, 'MinimumLength', path, { min: 6, max: 99 }) ??
          DEFAULT_PASSWORD_POLICY.MinimumLength,
        RequireUppercase: readBoolean(given, 'RequireUppercase', path) ?? false,
        RequireLowercase: readBoolean(given, 'RequireLowercase', path) ?? false,
        RequireNumbers: readBoolean(given, 'RequireNumbers', path) ?? false,
        RequireSymbols: readBoolean(given, 'RequireSymbols', path) ?? false,
        PasswordHistorySize: history,
        TemporaryPasswordValidityDays: temporaryPasswordDays,
        // Cognate's extension (compromised.ts); absent means off, as Cognito has no such check.
        [COMPROMISED_CHECK_MEMBER]: readBoolean(given, COMPROMISED_CHECK_MEMBER, path),
      })
    : { ...DEFAULT_PASSWORD_POLICY, TemporaryPasswordValidityDays: temporaryPasswordDays };
  const signIn = readObject(policies, 'SignInPolicy', 'policies');
  const factors =
    signIn &&
    readEnumList(signIn, 'AllowedFirstAuthFactors', 'policies.signInPolicy', AUTH_FACTORS, {
      min: 1,
      max: 4,
    });
  return { PasswordPolicy, SignInPolicy: { AllowedFirstAuthFactors: factors ?? ['PASSWORD'] } };
}

/**
 * The temporary-password lifetime. Cognito mirrors the legacy
 * AdminCreateUserConfig.UnusedAccountValidityDays and PasswordPolicy.TemporaryPasswordValidityDays
 * into each other, treats 0 as unset (PasswordPolicyType reference) and refuses two different
 * values.
 */
export function parseTemporaryPasswordDays(input: JsonObject): number {
  const policies = readObject(input, 'Policies', '');
  const policy = policies && readObject(policies, 'PasswordPolicy', 'policies');
  const fromPolicy =
    policy &&
    readInteger(policy, 'TemporaryPasswordValidityDays', 'policies.passwordPolicy', {
      min: 0,
      max: 365,
    });
  const admin = readObject(input, 'AdminCreateUserConfig', '');
  const legacy =
    admin &&
    readInteger(admin, 'UnusedAccountValidityDays', 'adminCreateUserConfig', { min: 0, max: 365 });
  const a = fromPolicy || undefined;
  const b = legacy || undefined;
  if (a !== undefined && b !== undefined && a !== b) {
    throw new InvalidParameterException(
      'Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays',
    );
  }
  return a ?? b ?? DEFAULT_TEMPORARY_PASSWORD_DAYS;
}

function versioned<V extends string>(
  parent: JsonObject,
  key: string,
  prefix: string,
  versions: readonly V[],
): { LambdaVersion: V; LambdaArn: string } | undefined {
  const raw = readObject(parent, key, prefix);
  if (!raw) return undefined;
  const path = memberPath(prefix, key);
  const version = readEnum(raw, 'LambdaVersion', path, versions);
  if (version === undefined) {
    validationError(undefined, `${path}.lambdaVersion`, 'Member must not be null');
  }
  const arn = readTriggerTarget(raw, 'LambdaArn', path, true) as string;
  return { LambdaVersion: version, LambdaArn: arn };
}

/**
 * A trigger's target: a Lambda ARN, checked against Cognito's ARN shape, or a webhook URL
 * (Cognate's webhook form: `https://…`, or `http://` to a loopback host), which Cognito's shape
 * would refuse and is taken as it is, up to the same 2048 characters.
 */
function readTriggerTarget(
  parent: JsonObject,
  key: string,
  prefix: string,
  required = false,
): string | undefined {
  const value = parent[key];
  if (typeof value === 'string' && value.length <= (ARN.max ?? 2048) && isWebhookUrl(value)) {
    return value;
  }
  return readString(parent, key, prefix, { ...ARN, required });
}

const PLAIN_TRIGGERS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'PreTokenGeneration',
  'UserMigration',
] as const;

/** LambdaConfig: trigger ARNs. Absent means no triggers (UpdateUserPool then removes them all). */
export function parseLambdaConfig(input: JsonObject): LambdaConfigType {
  const raw = readObject(input, 'LambdaConfig', '');
  if (!raw) return {};
  const path = 'lambdaConfig';
  const config: LambdaConfigType = {};
  for (const key of PLAIN_TRIGGERS) config[key] = readTriggerTarget(raw, key, path);
  config.PreTokenGenerationConfig = versioned(raw, 'PreTokenGenerationConfig', path, [
    'V1_0',
    'V2_0',
    'V3_0',
  ] as const);
  config.CustomSMSSender = versioned(raw, 'CustomSMSSender', path, ['V1_0'] as const);
  config.CustomEmailSender = versioned(raw, 'CustomEmailSender', path, ['V1_0'] as const);
  config.KMSKeyID = readString(raw, 'KMSKeyID', path, ARN);
  config.InboundFederation = versioned(raw, 'InboundFederation', path, ['V1_0'] as const);
  // LambdaConfigType reference: both pre token generation ARNs must be identical when both are set.
  const v2 = config.PreTokenGenerationConfig?.LambdaArn;
  if (v2 !== undefined) {
    if (config.PreTokenGeneration !== undefined && config.PreTokenGeneration !== v2) {
      throw new InvalidParameterException(
        'PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same.',
      );
    }
    config.PreTokenGeneration = v2;
  }
  return compact(config);
}

/** AutoVerifiedAttributes (absent when none). */
export function parseAutoVerified(input: JsonObject): VerifiedAttributeType[] | undefined {
  const list = readEnumList(input, 'AutoVerifiedAttributes', '', VERIFIED);
  return list?.length ? list : undefined;
}

/**
 * UserAttributeUpdateSettings. Keeping the old value until a change is verified needs the
 * attribute to be verified at all, so each listed attribute must be auto-verified.
 */
export function parseAttributeUpdateSettings(
  input: JsonObject,
  autoVerified: readonly VerifiedAttributeType[] | undefined,
): UserPoolSettings['UserAttributeUpdateSettings'] {
  const raw = readObject(input, 'UserAttributeUpdateSettings', '') ?? {};
  const list =
    readEnumList(
      raw,
      'AttributesRequireVerificationBeforeUpdate',
      'userAttributeUpdateSettings',
      VERIFIED,
    ) ?? [];
  for (const name of list) {
    if (!autoVerified?.includes(name)) {
      throw new InvalidParameterException(
        `${name} must be an auto-verified attribute to require verification before update.`,
      );
    }
  }
  return { AttributesRequireVerificationBeforeUpdate: list };
}

/**
 * DeviceConfiguration. A value for either property turns device tracking on, as on Cognito ("When
 * you provide a value for any property of DeviceConfiguration, you activate the device
 * remembering"); the other is then false. Absent, or with neither property: tracking off.
 */
export function parseDeviceConfiguration(input: JsonObject): DeviceConfigurationType | undefined {
  const raw = readObject(input, 'DeviceConfiguration', '');
  if (!raw) return undefined;
  const path = 'deviceConfiguration';
  const challenge = readBoolean(raw, 'ChallengeRequiredOnNewDevice', path);
  const onPrompt = readBoolean(raw, 'DeviceOnlyRememberedOnUserPrompt', path);
  if (challenge === undefined && onPrompt === undefined) return undefined;
  return {
    ChallengeRequiredOnNewDevice: challenge ?? false,
    DeviceOnlyRememberedOnUserPrompt: onPrompt ?? false,
  };
}

/** EmailConfiguration; sending defaults to Cognito's own account (COGNITO_DEFAULT). */
export function parseEmailConfiguration(input: JsonObject): EmailConfigurationType {
  const raw = readObject(input, 'EmailConfiguration', '') ?? {};
  const path = 'emailConfiguration';
  return compact({
    SourceArn: readString(raw, 'SourceArn', path, ARN),
    ReplyToEmailAddress: readString(raw, 'ReplyToEmailAddress', path, {
      pattern: `[${CHARS}]+@[${CHARS}]+`,
    }),
    EmailSendingAccount:
      readEnum(raw, 'EmailSendingAccount', path, ['COGNITO_DEFAULT', 'DEVELOPER'] as const) ??
      'COGNITO_DEFAULT',
    From: readString(raw, 'From', path, { max: 131072 }),
    ConfigurationSet: readString(raw, 'ConfigurationSet', path, {
      min: 1,
      max: 64,
      pattern: '^[a-zA-Z0-9_-]+$',
    }),
  });
}

/** SmsConfiguration (absent when SMS is not set up). */
export function parseSmsConfiguration(input: JsonObject): SmsConfigurationType | undefined {
  const raw = readObject(input, 'SmsConfiguration', '');
  if (!raw) return undefined;
  const path = 'smsConfiguration';
  return compact({
    SnsCallerArn: readString(raw, 'SnsCallerArn', path, { ...ARN, required: true }),
    ExternalId: readString(raw, 'ExternalId', path, { max: 131072 }),
    SnsRegion: readString(raw, 'SnsRegion', path, { min: 5, max: 32 }),
  });
}

/** UserPoolTags: keys of 1-128 and values of 0-256 characters. */
export function parseTags(input: JsonObject): Record<string, string> {
  const raw = readObject(input, 'UserPoolTags', '') ?? {};
  for (const [key, value] of Object.entries(raw)) {
    checkString(key, 'userPoolTags', { min: 1, max: 128 });
    checkString(value, `userPoolTags.${key}`, { max: 256 });
  }
  return { ...(raw as Record<string, string>) };
}

/** AdminCreateUserConfig: self sign-up allowed by default; invitation template only when given. */
export function parseAdminCreateUserConfig(
  input: JsonObject,
  temporaryPasswordDays: number,
): AdminCreateUserConfigType {
  const raw = readObject(input, 'AdminCreateUserConfig', '') ?? {};
  return compact({
    AllowAdminCreateUserOnly:
      readBoolean(raw, 'AllowAdminCreateUserOnly', 'adminCreateUserConfig') ?? false,
    UnusedAccountValidityDays: temporaryPasswordDays,
    InviteMessageTemplate: parseInviteTemplate(raw),
  });
}

/** UserPoolAddOns (threat protection); absent when not configured. */
export function parseAddOns(input: JsonObject): UserPoolAddOnsType | undefined {
  const raw = readObject(input, 'UserPoolAddOns', '');
  if (!raw) return undefined;
  const path = 'userPoolAddOns';
  const mode = readEnum(raw, 'AdvancedSecurityMode', path, ['OFF', 'AUDIT', 'ENFORCED'] as const);
  if (mode === undefined)
    validationError(undefined, `${path}.advancedSecurityMode`, 'Member must not be null');
  const flows = readObject(raw, 'AdvancedSecurityAdditionalFlows', path);
  return compact({
    AdvancedSecurityMode: mode,
    AdvancedSecurityAdditionalFlows:
      flows &&
      compact({
        CustomAuthMode: readEnum(
          flows,
          'CustomAuthMode',
          `${path}.advancedSecurityAdditionalFlows`,
          ['AUDIT', 'ENFORCED'] as const,
        ),
      }),
  });
}

/** AccountRecoverySetting; absent means Cognito's legacy choice (SMS before email). */
export function parseAccountRecovery(input: JsonObject): AccountRecoverySettingType | undefined {
  const raw = readObject(input, 'AccountRecoverySetting', '');
  if (!raw) return undefined;
  const path = 'accountRecoverySetting.recoveryMechanisms';
  const list = readList(raw, 'RecoveryMechanisms', 'accountRecoverySetting', { min: 1, max: 2 });
  const names: readonly RecoveryOptionNameType[] = [
    'verified_email',
    'verified_phone_number',
    'admin_only',
  ];
  const mechanisms = (list ?? []).map((item, index) => {
    const at = `${path}.${index + 1}.member`;
    if (!isObject(item)) validationError(item, at, 'Member must be a structure');
    const priority = readInteger(item, 'Priority', at, { min: 1, max: 2 });
    if (priority === undefined)
      validationError(undefined, `${at}.priority`, 'Member must not be null');
    if (item.Name === undefined || item.Name === null) {
      validationError(undefined, `${at}.name`, 'Member must not be null');
    }
    return { Priority: priority, Name: checkEnum(item.Name, `${at}.name`, names) };
  });
  return list ? { RecoveryMechanisms: mechanisms } : {};
}
