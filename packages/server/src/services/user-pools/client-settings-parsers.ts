import type {
  AnalyticsConfigurationType,
  ExplicitAuthFlowsType,
  RefreshTokenRotationType,
  TimeUnitsType,
  TokenValidityUnitsType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolClientSettings, UserPoolSettings } from '../../model/user-pool.ts';
import { InvalidOAuthFlowException, InvalidParameterException } from '../errors.ts';
import {
  compact,
  readBoolean,
  readEnum,
  readEnumList,
  readInteger,
  readObject,
  readString,
  readStringList,
  type StringRules,
} from '../validation/members.ts';
import { type JsonObject, validationError } from '../validation/messages.ts';

/**
 * Parsers for the app client settings that CreateUserPoolClient and UpdateUserPoolClient share.
 * Absent members get Cognito's defaults, which is also what UpdateUserPoolClient does with
 * anything left out (API_UpdateUserPoolClient). Shape constraints come from Cognito's Smithy
 * model (botocore cognito-idp 2016-04-18 service-2.json).
 */

const SECONDS: Record<TimeUnitsType, number> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86400,
};
const UNITS: readonly TimeUnitsType[] = ['seconds', 'minutes', 'hours', 'days'];
/** API_CreateUserPoolClient: refresh 30 days, access and ID 1 hour when not set. */
const DEFAULT_SECONDS = { access: 3600, id: 3600, refresh: 30 * 86400 };
/** API_TokenValidityUnitsType: access and ID 5 minutes to 1 day, refresh 60 minutes to 10 years. */
const RANGE = {
  access: [300, 86400],
  id: [300, 86400],
  refresh: [3600, 10 * 365 * 86400],
} as const;
export const DEFAULT_FLOWS: readonly ExplicitAuthFlowsType[] = [
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
];
const ALL_FLOWS: readonly ExplicitAuthFlowsType[] = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
];
// Attributes no app client may write: the pool manages `sub` and the verification flags.
const NEVER_WRITABLE = new Set(['sub', 'email_verified', 'phone_number_verified']);

export const CLIENT_NAME: StringRules = { min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' };
const URL: StringRules = { min: 1, max: 1024, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };

/** The token validities and units; a refresh validity of 0 means the 30-day default. */
function parseValidity(raw: JsonObject) {
  const units = readObject(raw, 'TokenValidityUnits', '') ?? {};
  const path = 'tokenValidityUnits';
  const TokenValidityUnits: TokenValidityUnitsType = compact({
    AccessToken: readEnum(units, 'AccessToken', path, UNITS),
    IdToken: readEnum(units, 'IdToken', path, UNITS),
    RefreshToken: readEnum(units, 'RefreshToken', path, UNITS),
  });
  const access = readInteger(raw, 'AccessTokenValidity', '', { min: 1, max: 86400 });
  const id = readInteger(raw, 'IdTokenValidity', '', { min: 1, max: 86400 });
  let refresh = readInteger(raw, 'RefreshTokenValidity', '', { min: 0, max: 315360000 });
  const refreshUnit = SECONDS[TokenValidityUnits.RefreshToken ?? 'days'];
  // API_CreateUserPoolClient: 0 (or nothing) becomes 30 days, expressed in the chosen unit.
  if (!refresh) refresh = Math.ceil(DEFAULT_SECONDS.refresh / refreshUnit);
  const settings = {
    AccessTokenValidity: access,
    IdTokenValidity: id,
    RefreshTokenValidity: refresh,
    TokenValidityUnits,
  };
  const seconds = tokenValiditySecondsOf(settings);
  for (const kind of ['access', 'id', 'refresh'] as const) {
    const [min, max] = RANGE[kind];
    if (seconds[kind] < min || seconds[kind] > max) {
      throw new InvalidParameterException('Invalid range for token validity.');
    }
  }
  return settings;
}

export function tokenValiditySecondsOf(
  s: Pick<
    UserPoolClientSettings,
    'AccessTokenValidity' | 'IdTokenValidity' | 'RefreshTokenValidity' | 'TokenValidityUnits'
  >,
) {
  const u = s.TokenValidityUnits;
  return {
    access:
      s.AccessTokenValidity === undefined
        ? DEFAULT_SECONDS.access
        : s.AccessTokenValidity * SECONDS[u.AccessToken ?? 'hours'],
    id:
      s.IdTokenValidity === undefined
        ? DEFAULT_SECONDS.id
        : s.IdTokenValidity * SECONDS[u.IdToken ?? 'hours'],
    refresh: s.RefreshTokenValidity * SECONDS[u.RefreshToken ?? 'days'],
  };
}

/**
 * ExplicitAuthFlows. Legacy names (no ALLOW_ prefix) cannot be mixed with ALLOW_ ones, and an
 * ALLOW_ list must allow refresh tokens unless the client rotates them (those are renewed with
 * GetTokensFromRefreshToken instead). An empty list counts as not given.
 */
function parseFlows(raw: JsonObject, rotation: boolean): ExplicitAuthFlowsType[] | undefined {
  const flows = readEnumList(raw, 'ExplicitAuthFlows', '', ALL_FLOWS);
  if (!flows?.length) return undefined;
  const modern = flows.filter((f) => f.startsWith('ALLOW_'));
  if (modern.length > 0 && modern.length < flows.length) {
    throw new InvalidParameterException(
      'ExplicitAuthFlows values with the ALLOW_ prefix cannot be used together with legacy values without it.',
    );
  }
  if (modern.length > 0 && !rotation && !flows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
    throw new InvalidParameterException('REFRESH_TOKEN_AUTH should always be allowed.');
  }
  return flows;
}

/** Read or write permissions: pool attribute names only; writes must cover required ones. */
function parsePermissions(
  raw: JsonObject,
  key: 'ReadAttributes' | 'WriteAttributes',
  pool: UserPoolSettings,
  verb: 'creating' | 'updating',
): string[] | undefined {
  const list = readStringList(raw, key, '', { min: 1, max: 2048 });
  if (!list) return undefined;
  const known = new Set(pool.SchemaAttributes.map((a) => a.Name));
  const write = key === 'WriteAttributes';
  const bad =
    list.some((name) => !known.has(name) || (write && NEVER_WRITABLE.has(name))) ||
    (write &&
      pool.SchemaAttributes.some(
        (a) => a.Required && a.Name !== 'sub' && !list.includes(a.Name as string),
      ));
  if (bad) {
    throw new InvalidParameterException(
      `Invalid ${write ? 'write' : 'read'} attributes specified while ${verb} a client`,
    );
  }
  return list;
}

function parseRotation(raw: JsonObject): RefreshTokenRotationType | undefined {
  const r = readObject(raw, 'RefreshTokenRotation', '');
  if (!r) return undefined;
  const path = 'refreshTokenRotation';
  const feature = readEnum(r, 'Feature', path, ['ENABLED', 'DISABLED'] as const);
  if (!feature) validationError(undefined, `${path}.feature`, 'Member must not be null');
  return compact({
    Feature: feature,
    RetryGracePeriodSeconds: readInteger(r, 'RetryGracePeriodSeconds', path, { min: 0, max: 60 }),
  });
}

function parseAnalytics(raw: JsonObject): AnalyticsConfigurationType | undefined {
  const a = readObject(raw, 'AnalyticsConfiguration', '');
  if (!a) return undefined;
  const path = 'analyticsConfiguration';
  return compact({
    ApplicationId: readString(a, 'ApplicationId', path, { pattern: '^[0-9a-fA-F]+$' }),
    ApplicationArn: readString(a, 'ApplicationArn', path, { min: 20, max: 2048 }),
    RoleArn: readString(a, 'RoleArn', path, { min: 20, max: 2048 }),
    ExternalId: readString(a, 'ExternalId', path),
    UserDataShared: readBoolean(a, 'UserDataShared', path),
  });
}

/** Everything CreateUserPoolClient and UpdateUserPoolClient share; absent means default. */
export function parseCommon(
  raw: JsonObject,
  pool: UserPoolSettings,
  hasSecret: boolean,
  verb: 'creating' | 'updating',
): Omit<UserPoolClientSettings, 'ClientName' | 'HasSecret'> {
  const rotation = parseRotation(raw);
  const callbacks = readStringList(raw, 'CallbackURLs', '', { ...URL, maxItems: 100 });
  const redirect = readString(raw, 'DefaultRedirectURI', '', URL);
  // API_CreateUserPoolClient: the default redirect URI must be one of the callback URLs.
  if (redirect !== undefined && !callbacks?.includes(redirect)) {
    throw new InvalidParameterException('DefaultRedirectURI must be one of the CallbackURLs.');
  }
  const oauthFlows = readEnumList(
    raw,
    'AllowedOAuthFlows',
    '',
    ['code', 'implicit', 'client_credentials'] as const,
    { max: 3 },
  );
  if (oauthFlows?.includes('client_credentials')) {
    if (oauthFlows.length > 1) {
      throw new InvalidOAuthFlowException(
        'client_credentials flow can not be selected along with code flow or implicit flow.',
      );
    }
    if (!hasSecret) {
      throw new InvalidOAuthFlowException(
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
    }
  }
  const propagate = readBoolean(raw, 'EnablePropagateAdditionalUserContextData', '') ?? false;
  if (propagate && !hasSecret) {
    throw new InvalidParameterException(
      'EnablePropagateAdditionalUserContextData can only be enabled for a client with a secret.',
    );
  }
  return {
    ...parseValidity(raw),
    ReadAttributes: parsePermissions(raw, 'ReadAttributes', pool, verb),
    WriteAttributes: parsePermissions(raw, 'WriteAttributes', pool, verb),
    ExplicitAuthFlows: parseFlows(raw, rotation?.Feature === 'ENABLED'),
    SupportedIdentityProviders: readStringList(raw, 'SupportedIdentityProviders', '', {
      min: 1,
      max: 32,
      pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+',
    }),
    CallbackURLs: callbacks,
    LogoutURLs: readStringList(raw, 'LogoutURLs', '', { ...URL, maxItems: 100 }),
    DefaultRedirectURI: redirect,
    AllowedOAuthFlows: oauthFlows,
    AllowedOAuthScopes: readStringList(raw, 'AllowedOAuthScopes', '', {
      min: 1,
      max: 256,
      pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+',
      maxItems: 50,
    }),
    AllowedOAuthFlowsUserPoolClient:
      readBoolean(raw, 'AllowedOAuthFlowsUserPoolClient', '') ?? false,
    AnalyticsConfiguration: parseAnalytics(raw),
    PreventUserExistenceErrors: readEnum(raw, 'PreventUserExistenceErrors', '', [
      'ENABLED',
      'LEGACY',
    ] as const),
    // API_CreateUserPoolClient: token revocation is on unless turned off.
    EnableTokenRevocation: readBoolean(raw, 'EnableTokenRevocation', '') ?? true,
    EnablePropagateAdditionalUserContextData: propagate,
    AuthSessionValidity: readInteger(raw, 'AuthSessionValidity', '', { min: 3, max: 15 }) ?? 3,
    RefreshTokenRotation: rotation,
  };
}
