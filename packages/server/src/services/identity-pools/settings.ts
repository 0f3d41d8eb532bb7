/**
 * An identity pool's settings as CreateIdentityPool / UpdateIdentityPool take them, checked
 * against the Cognito Identity model (lengths, patterns, list sizes) and kept with their wire
 * names, so DescribeIdentityPool answers what was set.
 */
import type { CognitoIdentityProvider, RoleMapping } from '@aws-sdk/client-cognito-identity';
import { InvalidParameterException } from '../errors.ts';
import {
  checkEnum,
  checkList,
  checkString,
  readBoolean,
  readList,
  readObject,
  readString,
  readStringList,
  type StringRules,
} from '../validation/members.ts';
import {
  isObject,
  type JsonObject,
  memberPath,
  validationError,
  wrongType,
} from '../validation/messages.ts';

/** The model's string shapes of the Cognito Identity API. */
export const IDENTITY_POOL_ID: StringRules = { min: 1, max: 55, pattern: '[\\w-]+:[0-9a-f-]+' };
export const IDENTITY_ID: StringRules = { min: 1, max: 55, pattern: '[\\w-]+:[0-9a-f-]+' };
export const IDENTITY_POOL_NAME: StringRules = { min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' };
export const DEVELOPER_PROVIDER_NAME: StringRules = { min: 1, max: 128, pattern: '[\\w._-]+' };
export const ACCOUNT_ID: StringRules = { min: 1, max: 15, pattern: '\\d+' };
export const PAGINATION_KEY: StringRules = { min: 1, pattern: '[\\S]+' };
export const IDENTITY_PROVIDER_NAME: StringRules = { min: 1, max: 128 };
export const IDENTITY_PROVIDER_TOKEN: StringRules = { min: 1, max: 50000, sensitive: true };
const PROVIDER_ID: StringRules = { min: 1, max: 128, pattern: '[\\w.;_/-]+' };
const COGNITO_PROVIDER_NAME: StringRules = { min: 1, max: 128, pattern: '[\\w._:/-]+' };
const COGNITO_CLIENT_ID: StringRules = { min: 1, max: 128, pattern: '[\\w_]+' };
export const ARN_STRING: StringRules = { min: 20, max: 2048 };
const TAG_KEY: StringRules = { min: 1, max: 128 };
const TAG_VALUE: StringRules = { min: 0, max: 256 };
const CLAIM_NAME: StringRules = {
  min: 1,
  max: 64,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
};
const CLAIM_VALUE: StringRules = { min: 1, max: 128 };
const MATCH_TYPES = ['Equals', 'Contains', 'StartsWith', 'NotEqual'] as const;
const MAPPING_TYPES = ['Token', 'Rules'] as const;
const AMBIGUOUS = ['AuthenticatedRole', 'Deny'] as const;

/** What an identity pool is configured with (wire names, absent members left out). */
export interface IdentityPoolSettings {
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: CognitoIdentityProvider[];
  SamlProviderARNs?: string[];
  /** SetIdentityPoolRoles: `authenticated` / `unauthenticated` → role ARN. */
  Roles?: Record<string, string>;
  /** SetIdentityPoolRoles: `<provider name>:<client id>` (or a provider name) → mapping. */
  RoleMappings?: Record<string, RoleMapping>;
}

/** Reads a string → string map with checked keys and values and at most `max` entries. */
export function readCheckedMap(
  parent: JsonObject,
  key: string,
  prefix: string,
  keyRules: StringRules,
  valueRules: StringRules,
  max?: number,
): Record<string, string> | undefined {
  const value = parent[key];
  const path = memberPath(prefix, key);
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) wrongType(path, 'a map');
  const entries = Object.entries(value);
  if (max !== undefined && entries.length > max) {
    validationError(value, path, `Member must have length less than or equal to ${max}`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    checkString(k, path, keyRules);
    out[k] = checkString(v, `${path}.${k}`, { ...valueRules, sensitive: valueRules.sensitive });
  }
  return out;
}

function readCognitoProviders(input: JsonObject): CognitoIdentityProvider[] | undefined {
  const list = readList(input, 'CognitoIdentityProviders', '');
  if (!list) return undefined;
  return list.map((item, i) => {
    const path = `cognitoIdentityProviders.${i + 1}.member`;
    if (!isObject(item)) wrongType(path, 'a structure');
    const name = readString(item, 'ProviderName', path, COGNITO_PROVIDER_NAME);
    const clientId = readString(item, 'ClientId', path, COGNITO_CLIENT_ID);
    const check = readBoolean(item, 'ServerSideTokenCheck', path);
    return {
      ...(name !== undefined && { ProviderName: name }),
      ...(clientId !== undefined && { ClientId: clientId }),
      ServerSideTokenCheck: check ?? false,
    };
  });
}

/** The members CreateIdentityPool and UpdateIdentityPool share, read from the request. */
export function readPoolSettings(input: JsonObject): IdentityPoolSettings {
  const allow = readBoolean(input, 'AllowUnauthenticatedIdentities', '');
  if (allow === undefined) {
    validationError(null, 'allowUnauthenticatedIdentities', 'Member must not be null');
  }
  const settings: IdentityPoolSettings = { AllowUnauthenticatedIdentities: allow };
  const classic = readBoolean(input, 'AllowClassicFlow', '');
  if (classic !== undefined) settings.AllowClassicFlow = classic;
  const logins = readCheckedMap(
    input,
    'SupportedLoginProviders',
    '',
    IDENTITY_PROVIDER_NAME,
    PROVIDER_ID,
    10,
  );
  if (logins && Object.keys(logins).length > 0) settings.SupportedLoginProviders = logins;
  const developer = readString(input, 'DeveloperProviderName', '', DEVELOPER_PROVIDER_NAME);
  if (developer !== undefined) settings.DeveloperProviderName = developer;
  const oidc = readStringList(input, 'OpenIdConnectProviderARNs', '', ARN_STRING);
  if (oidc && oidc.length > 0) {
    for (const arn of oidc) {
      if (!/^arn:aws:iam::\d{12}:oidc-provider\/.+/.test(arn)) {
        throw new InvalidParameterException(`Invalid OpenIdConnectProviderARN: ${arn}`);
      }
    }
    settings.OpenIdConnectProviderARNs = oidc;
  }
  const cognito = readCognitoProviders(input);
  if (cognito && cognito.length > 0) {
    for (const p of cognito) {
      if (!p.ProviderName || !p.ClientId) {
        throw new InvalidParameterException(
          'CognitoIdentityProvider ProviderName and ClientId are required.',
        );
      }
    }
    settings.CognitoIdentityProviders = cognito;
  }
  const saml = readStringList(input, 'SamlProviderARNs', '', ARN_STRING);
  if (saml && saml.length > 0) settings.SamlProviderARNs = saml;
  return settings;
}

/** IdentityPoolTags / Tags: at most 50 tags. */
export function readTags(input: JsonObject, key: string): Record<string, string> | undefined {
  return readCheckedMap(input, key, '', TAG_KEY, TAG_VALUE, 50);
}

/** SetIdentityPoolRoles' Roles: keys `authenticated` / `unauthenticated`, values role ARNs. */
export function readRoles(input: JsonObject): Record<string, string> {
  const roles = readObject(input, 'Roles', '', true) as JsonObject;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(roles)) {
    checkString(k, 'roles', { pattern: '(un)?authenticated' });
    out[k] = checkString(v, `roles.${k}`, ARN_STRING);
  }
  return out;
}

/**
 * SetIdentityPoolRoles' RoleMappings, checked as Cognito does: at most 10, a key names a
 * provider of the pool, Rules mappings carry 1–25 rules, a mapping's AmbiguousRoleResolution is
 * required.
 */
export function readRoleMappings(
  input: JsonObject,
  settings: IdentityPoolSettings,
): Record<string, RoleMapping> | undefined {
  const value = readObject(input, 'RoleMappings', '');
  if (!value) return undefined;
  const entries = Object.entries(value);
  if (entries.length > 10) {
    validationError(value, 'roleMappings', 'Member must have length less than or equal to 10');
  }
  const out: Record<string, RoleMapping> = {};
  for (const [key, raw] of entries) {
    checkString(key, 'roleMappings', IDENTITY_PROVIDER_NAME);
    const path = `roleMappings.${key}.member`;
    if (!isObject(raw)) wrongType(path, 'a structure');
    const type = checkEnum(raw.Type, `${path}.type`, MAPPING_TYPES);
    const ambiguous =
      raw.AmbiguousRoleResolution === undefined || raw.AmbiguousRoleResolution === null
        ? undefined
        : checkEnum(raw.AmbiguousRoleResolution, `${path}.ambiguousRoleResolution`, AMBIGUOUS);
    if (!ambiguous) {
      throw new InvalidParameterException(
        'AmbiguousRoleResolution must be specified for Token and Rules type mappings.',
      );
    }
    const mapping: RoleMapping = { Type: type, AmbiguousRoleResolution: ambiguous };
    const config = readObject(raw, 'RulesConfiguration', path);
    if (type === 'Rules') {
      if (!config) {
        throw new InvalidParameterException(
          'RulesConfiguration must be specified for Rules type mappings.',
        );
      }
      const rules = checkList(config.Rules, `${path}.rulesConfiguration.rules`, {
        min: 1,
        max: 25,
      });
      mapping.RulesConfiguration = {
        Rules: rules.map((rule, i) => {
          const rp = `${path}.rulesConfiguration.rules.${i + 1}.member`;
          if (!isObject(rule)) wrongType(rp, 'a structure');
          return {
            Claim: readString(rule, 'Claim', rp, { ...CLAIM_NAME, required: true }),
            MatchType: checkEnum(rule.MatchType, `${rp}.matchType`, MATCH_TYPES),
            Value: readString(rule, 'Value', rp, { ...CLAIM_VALUE, required: true }),
            RoleARN: readString(rule, 'RoleARN', rp, { ...ARN_STRING, required: true }),
          };
        }),
      };
    } else if (config) {
      throw new InvalidParameterException(
        'RulesConfiguration must not be specified for Token type mappings.',
      );
    }
    if (!isMappableProvider(key, settings)) {
      throw new InvalidParameterException(
        `Role mapping key ${key} is not a provider of this identity pool.`,
      );
    }
    out[key] = mapping;
  }
  return out;
}

/**
 * A RoleMappings key names a provider of the pool: `<user pool provider name>:<client id>` of a
 * CognitoIdentityProviders entry, an OIDC provider's host/path, a SAML provider, or a
 * SupportedLoginProviders name.
 */
function isMappableProvider(key: string, s: IdentityPoolSettings): boolean {
  for (const p of s.CognitoIdentityProviders ?? []) {
    if (key === `${p.ProviderName}:${p.ClientId}`) return true;
  }
  for (const arn of s.OpenIdConnectProviderARNs ?? []) {
    if (key === arn.replace(/^arn:aws:iam::\d+:oidc-provider\//, '')) return true;
  }
  for (const arn of s.SamlProviderARNs ?? []) if (key === arn) return true;
  return Object.keys(s.SupportedLoginProviders ?? {}).includes(key);
}
