import type {
  AliasAttributeType,
  CreateUserPoolRequest,
  SchemaAttributeType,
  UpdateUserPoolRequest,
  UsernameAttributeType,
  UserPoolDescriptionType,
  UserPoolTierType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolRecord, UserPoolSettings } from '../../model/user-pool.ts';
import { InvalidParameterException } from '../errors.ts';
import { factorsAfterUpdate } from '../mfa/pool-config.ts';
import {
  compact,
  readBoolean,
  readEnum,
  readEnumList,
  readList,
  readObject,
  readString,
} from '../validation/members.ts';
import { isObject, type JsonObject, validationError } from '../validation/messages.ts';
import { parseSmsAuthenticationMessage, parseVerificationMessages } from './message-templates.ts';
import { appendCustomAttributes, buildSchema } from './schema-attributes.ts';
import {
  parseAccountRecovery,
  parseAddOns,
  parseAdminCreateUserConfig,
  parseAttributeUpdateSettings,
  parseAutoVerified,
  parseDeviceConfiguration,
  parseEmailConfiguration,
  parseLambdaConfig,
  parsePolicies,
  parseSmsConfiguration,
  parseTags,
  parseTemporaryPasswordDays,
} from './settings-parsers.ts';

const USERNAME_ATTRIBUTES: readonly UsernameAttributeType[] = ['phone_number', 'email'];
const ALIAS_ATTRIBUTES: readonly AliasAttributeType[] = [
  'phone_number',
  'email',
  'preferred_username',
];
const TIERS: readonly UserPoolTierType[] = ['LITE', 'ESSENTIALS', 'PLUS'];

function asObject(input: unknown): JsonObject {
  if (!isObject(input)) throw new InvalidParameterException('Request body must be a JSON object.');
  return input;
}

/**
 * Checks a pool name against UserPoolNameType (1-128 characters of [\w\s+=,.@-]) and returns it.
 * Throws Cognito's validation error, e.g. "1 validation error detected: Value 'a/b' at 'poolName'
 * failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+".
 */
export function validatePoolName(value: unknown): string {
  return readString({ PoolName: value }, 'PoolName', '', {
    required: true,
    min: 1,
    max: 128,
    pattern: '[\\w\\s+=,.@-]+',
  }) as string;
}

type Updatable = Omit<
  UserPoolSettings,
  | 'SchemaAttributes'
  | 'AliasAttributes'
  | 'UsernameAttributes'
  | 'UsernameConfiguration'
  | 'UserPoolTier'
> & { UserPoolTier?: UserPoolTierType };

/** The settings UpdateUserPool accepts; anything absent gets Cognito's default. */
function parseUpdatable(input: JsonObject): Updatable {
  const days = parseTemporaryPasswordDays(input);
  const autoVerified = parseAutoVerified(input);
  return {
    Policies: parsePolicies(input, days),
    DeletionProtection:
      readEnum(input, 'DeletionProtection', '', ['ACTIVE', 'INACTIVE']) ?? 'INACTIVE',
    LambdaConfig: parseLambdaConfig(input),
    AutoVerifiedAttributes: autoVerified,
    ...parseVerificationMessages(input),
    SmsAuthenticationMessage: parseSmsAuthenticationMessage(input),
    UserAttributeUpdateSettings: parseAttributeUpdateSettings(input, autoVerified),
    MfaConfiguration: readEnum(input, 'MfaConfiguration', '', ['OFF', 'ON', 'OPTIONAL']) ?? 'OFF',
    DeviceConfiguration: parseDeviceConfiguration(input),
    EmailConfiguration: parseEmailConfiguration(input),
    SmsConfiguration: parseSmsConfiguration(input),
    UserPoolTags: parseTags(input),
    AdminCreateUserConfig: parseAdminCreateUserConfig(input, days),
    UserPoolAddOns: parseAddOns(input),
    AccountRecoverySetting: parseAccountRecovery(input),
    UserPoolTier: readEnum(input, 'UserPoolTier', '', TIERS),
  };
}

/** Puts the members in DescribeUserPool's order and drops absent ones. */
function assemble(settings: UserPoolSettings): UserPoolSettings {
  const s = settings;
  return compact({
    Policies: s.Policies,
    DeletionProtection: s.DeletionProtection,
    LambdaConfig: s.LambdaConfig,
    SchemaAttributes: s.SchemaAttributes,
    AutoVerifiedAttributes: s.AutoVerifiedAttributes,
    AliasAttributes: s.AliasAttributes,
    UsernameAttributes: s.UsernameAttributes,
    UsernameConfiguration: s.UsernameConfiguration,
    SmsVerificationMessage: s.SmsVerificationMessage,
    EmailVerificationMessage: s.EmailVerificationMessage,
    EmailVerificationSubject: s.EmailVerificationSubject,
    VerificationMessageTemplate: s.VerificationMessageTemplate,
    SmsAuthenticationMessage: s.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: s.UserAttributeUpdateSettings,
    MfaConfiguration: s.MfaConfiguration,
    DeviceConfiguration: s.DeviceConfiguration,
    EmailConfiguration: s.EmailConfiguration,
    SmsConfiguration: s.SmsConfiguration,
    UserPoolTags: s.UserPoolTags,
    AdminCreateUserConfig: s.AdminCreateUserConfig,
    UserPoolAddOns: s.UserPoolAddOns,
    AccountRecoverySetting: s.AccountRecoverySetting,
    UserPoolTier: s.UserPoolTier,
    MfaFactors: s.MfaFactors,
  });
}

/**
 * CreateUserPool: validates the request and returns the new pool's settings with Cognito's
 * defaults filled in. The caller keeps `input.PoolName` (checked here) as the pool's name.
 */
export function createUserPoolSettings(input: CreateUserPoolRequest): UserPoolSettings {
  const raw = asObject(input);
  validatePoolName(raw.PoolName);
  const usernameAttributes = readEnumList(raw, 'UsernameAttributes', '', USERNAME_ATTRIBUTES);
  const aliasAttributes = readEnumList(raw, 'AliasAttributes', '', ALIAS_ATTRIBUTES);
  if (usernameAttributes?.length && aliasAttributes?.length) {
    throw new InvalidParameterException(
      'Only one of aliasAttributes or usernameAttributes can be set in a user pool.',
    );
  }
  const usernameConfig = readObject(raw, 'UsernameConfiguration', '');
  let caseSensitive: boolean | undefined;
  if (usernameConfig) {
    caseSensitive = readBoolean(usernameConfig, 'CaseSensitive', 'usernameConfiguration');
    if (caseSensitive === undefined) {
      validationError(undefined, 'usernameConfiguration.caseSensitive', 'Member must not be null');
    }
  }
  const schema = buildSchema(readList(raw, 'Schema', '', { min: 1, max: 50 }));
  const updatable = parseUpdatable(raw);
  // API_CreateUserPool: CreateUserPool configures only SMS MFA, so ON or OPTIONAL needs SMS.
  if (updatable.MfaConfiguration !== 'OFF' && !updatable.SmsConfiguration) {
    throw new InvalidParameterException(
      'SMS configuration is required when MfaConfiguration is ON or OPTIONAL.',
    );
  }
  return assemble({
    ...updatable,
    SchemaAttributes: schema,
    AliasAttributes: aliasAttributes?.length ? aliasAttributes : undefined,
    UsernameAttributes: usernameAttributes?.length ? usernameAttributes : undefined,
    UsernameConfiguration:
      caseSensitive === undefined ? undefined : { CaseSensitive: caseSensitive },
    UserPoolTier: updatable.UserPoolTier ?? 'ESSENTIALS',
  });
}

/**
 * UpdateUserPool with Cognito's semantics: every updatable setting left out of the request goes
 * back to its default (API_UpdateUserPool), except UserPoolTier, which is kept. The schema,
 * username and alias attributes and UsernameConfiguration cannot change and are kept. A new
 * `input.PoolName`, when present, is validated here and applied by the caller.
 */
export function updateUserPoolSettings(
  current: UserPoolSettings,
  input: UpdateUserPoolRequest,
): UserPoolSettings {
  const raw = asObject(input);
  if (raw.PoolName !== undefined && raw.PoolName !== null) validatePoolName(raw.PoolName);
  const updatable = parseUpdatable(raw);
  return assemble(
    structuredClone({
      ...updatable,
      SchemaAttributes: current.SchemaAttributes,
      AliasAttributes: current.AliasAttributes,
      UsernameAttributes: current.UsernameAttributes,
      UsernameConfiguration: current.UsernameConfiguration,
      UserPoolTier: updatable.UserPoolTier ?? current.UserPoolTier,
      MfaFactors: factorsAfterUpdate(current, updatable),
    }),
  );
}

/**
 * AddCustomAttributes: appends 1-25 custom attributes (stored as `custom:<name>`). A name already
 * in the schema gives "custom:x: Existing attribute already has name custom:x."; more than 50
 * custom attributes in all is refused.
 */
export function withCustomAttributes(
  current: UserPoolSettings,
  attrs: SchemaAttributeType[],
): UserPoolSettings {
  const list = readList({ CustomAttributes: attrs }, 'CustomAttributes', '', { min: 1, max: 25 });
  if (!list) validationError(undefined, 'customAttributes', 'Member must not be null');
  const schema = appendCustomAttributes(current.SchemaAttributes, list);
  return assemble({ ...structuredClone(current), SchemaAttributes: schema });
}

/**
 * The UserPoolType that DescribeUserPool, CreateUserPool and UpdateUserPool report. Dates are Date
 * objects (the protocol layer writes epoch seconds). No Domain: domains are not kept here.
 */
export function toUserPoolType(pool: UserPoolRecord): UserPoolType {
  // Stored settings hold UserPoolType's setting members (see `assemble`), and the MFA factors,
  // which Cognito shows through GetUserPoolMfaConfig only.
  const { MfaFactors: _factors, ...settings } = pool.settings;
  return compact({
    Id: pool.id,
    Name: pool.name,
    ...structuredClone(settings),
    LastModifiedDate: pool.updatedAt,
    CreationDate: pool.createdAt,
    EstimatedNumberOfUsers: pool.estimatedNumberOfUsers,
    Arn: `arn:aws:cognito-idp:${pool.arnRegion}:${pool.accountId}:userpool/${pool.id}`,
  });
}

/**
 * One ListUserPools entry. Cognito no longer reports the deprecated Status, so it is left out.
 */
export function toUserPoolDescriptionType(
  pool: Pick<UserPoolRecord, 'id' | 'name' | 'createdAt' | 'updatedAt' | 'settings'> &
    Partial<UserPoolRecord>,
): UserPoolDescriptionType {
  return {
    Id: pool.id,
    Name: pool.name,
    LambdaConfig: structuredClone(pool.settings.LambdaConfig),
    LastModifiedDate: pool.updatedAt,
    CreationDate: pool.createdAt,
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new pool id like Cognito's: '<region>_' and 9 letters or digits ('us-east-1_AbCdEf123').
 * Bytes are drawn from `random` without modulo bias.
 */
export function newUserPoolId(region: string, random: (bytes: number) => Buffer): string {
  let suffix = '';
  while (suffix.length < 9) {
    for (const byte of random(16)) {
      const index = byte & 63; // 64 buckets; the two past the alphabet are redrawn
      if (index < ID_ALPHABET.length && suffix.length < 9) suffix += ID_ALPHABET[index];
    }
  }
  return `${region}_${suffix}`;
}
