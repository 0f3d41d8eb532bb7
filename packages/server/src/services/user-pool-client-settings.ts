import type {
  AnalyticsConfigurationType,
  CreateUserPoolClientRequest,
  ExplicitAuthFlowsType,
  OAuthFlowType,
  PreventUserExistenceErrorTypes,
  RefreshTokenRotationType,
  TimeUnitsType,
  TokenValidityUnitsType,
  UpdateUserPoolClientRequest,
  UserPoolClientDescription,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidOAuthFlowException, InvalidParameterException } from './errors.ts';
import {
  isObject,
  type JsonObject,
  readBoolean,
  readEnum,
  readEnumList,
  readInteger,
  readObject,
  readString,
  readStringList,
  type StringRules,
  validationError,
} from './settings-validation.ts';
import { compact } from './user-pool-config.ts';
import type { UserPoolSettings } from './user-pool-settings.ts';

/**
 * An app client's stored settings, JSON-serialisable, with Cognito's member names. Members that
 * Cognito leaves out of DescribeUserPoolClient when they were not set (access and ID token
 * validity, read/write attributes, auth flows, PreventUserExistenceErrors, OAuth settings) stay
 * absent here too; the helpers below apply their defaults. The secret itself is kept elsewhere.
 */
export type UserPoolClientSettings = {
  ClientName: string;
  /** True when the client has a secret (generated or supplied at creation). */
  HasSecret: boolean;
  RefreshTokenValidity: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  /** Only the units that were given; `{}` when none (then hours, hours, days). */
  TokenValidityUnits: TokenValidityUnitsType;
  /** Absent: the standard attributes, including the `_verified` flags, are readable. */
  ReadAttributes?: string[];
  /** Absent: the standard attributes are writable. */
  WriteAttributes?: string[];
  /** Absent: ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH. */
  ExplicitAuthFlows?: ExplicitAuthFlowsType[];
  SupportedIdentityProviders?: string[];
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  AllowedOAuthFlows?: OAuthFlowType[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  AnalyticsConfiguration?: AnalyticsConfigurationType;
  /** Absent: LEGACY (the API default; the console picks ENABLED). */
  PreventUserExistenceErrors?: PreventUserExistenceErrorTypes;
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData: boolean;
  /** Minutes a sign-in session (challenge Session string) lasts: 3-15, default 3. */
  AuthSessionValidity: number;
  RefreshTokenRotation?: RefreshTokenRotationType;
};

/** Authentication flows as InitiateAuth / AdminInitiateAuth name them. */
export type AuthFlow =
  | 'USER_SRP_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'REFRESH_TOKEN_AUTH'
  | 'CUSTOM_AUTH'
  | 'ADMIN_USER_PASSWORD_AUTH'
  | 'USER_AUTH';

/** A stored client, as toUserPoolClientType needs it. */
export interface UserPoolClientRecord {
  id: string;
  userPoolId: string;
  secret?: string;
  createdAt: Date;
  updatedAt: Date;
  settings: UserPoolClientSettings;
}

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
const DEFAULT_FLOWS: readonly ExplicitAuthFlowsType[] = [
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

const CLIENT_NAME: StringRules = { min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' };
const URL: StringRules = { min: 1, max: 1024, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };

function asObject(input: unknown): JsonObject {
  if (!isObject(input)) throw new InvalidParameterException('Request body must be a JSON object.');
  return input;
}

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

function tokenValiditySecondsOf(
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
function parseCommon(
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

/** Puts the members in DescribeUserPoolClient's order and drops absent ones. */
function assemble(s: UserPoolClientSettings): UserPoolClientSettings {
  return compact({
    ClientName: s.ClientName,
    HasSecret: s.HasSecret,
    RefreshTokenValidity: s.RefreshTokenValidity,
    AccessTokenValidity: s.AccessTokenValidity,
    IdTokenValidity: s.IdTokenValidity,
    TokenValidityUnits: s.TokenValidityUnits,
    ReadAttributes: s.ReadAttributes,
    WriteAttributes: s.WriteAttributes,
    ExplicitAuthFlows: s.ExplicitAuthFlows,
    SupportedIdentityProviders: s.SupportedIdentityProviders,
    CallbackURLs: s.CallbackURLs,
    LogoutURLs: s.LogoutURLs,
    DefaultRedirectURI: s.DefaultRedirectURI,
    AllowedOAuthFlows: s.AllowedOAuthFlows,
    AllowedOAuthScopes: s.AllowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: s.AllowedOAuthFlowsUserPoolClient,
    AnalyticsConfiguration: s.AnalyticsConfiguration,
    PreventUserExistenceErrors: s.PreventUserExistenceErrors,
    EnableTokenRevocation: s.EnableTokenRevocation,
    EnablePropagateAdditionalUserContextData: s.EnablePropagateAdditionalUserContextData,
    AuthSessionValidity: s.AuthSessionValidity,
    RefreshTokenRotation: s.RefreshTokenRotation,
  });
}

/**
 * CreateUserPoolClient: validates the request against the pool and returns the client's settings.
 * A secret exists when GenerateSecret is true or a ClientSecret is supplied (not both); the caller
 * generates it with newClientSecret, or keeps the supplied `input.ClientSecret` (checked here).
 */
export function createClientSettings(
  input: CreateUserPoolClientRequest,
  pool: UserPoolSettings,
): UserPoolClientSettings {
  const raw = asObject(input);
  const name = readString(raw, 'ClientName', '', { ...CLIENT_NAME, required: true }) as string;
  const generate = readBoolean(raw, 'GenerateSecret', '') ?? false;
  const supplied = readString(raw, 'ClientSecret', '', { min: 24, max: 64, pattern: '[\\w+]+' });
  if (generate && supplied !== undefined) {
    throw new InvalidParameterException(
      'You cannot specify both GenerateSecret as true and provide a ClientSecret value.',
    );
  }
  const hasSecret = generate || supplied !== undefined;
  return assemble({
    ClientName: name,
    HasSecret: hasSecret,
    ...parseCommon(raw, pool, hasSecret, 'creating'),
  });
}

/**
 * UpdateUserPoolClient: like Cognito, every setting left out of the request returns to its
 * default (API_UpdateUserPoolClient). The name and the secret are kept when not given.
 */
export function updateClientSettings(
  current: UserPoolClientSettings,
  input: UpdateUserPoolClientRequest,
  pool: UserPoolSettings,
): UserPoolClientSettings {
  const raw = asObject(input);
  const name = readString(raw, 'ClientName', '', CLIENT_NAME) ?? current.ClientName;
  return assemble({
    ClientName: name,
    HasSecret: current.HasSecret,
    ...parseCommon(raw, pool, current.HasSecret, 'updating'),
  });
}

/** The UserPoolClientType of DescribeUserPoolClient and friends (dates as Date objects). */
export function toUserPoolClientType(client: UserPoolClientRecord): UserPoolClientType {
  const { ClientName, HasSecret: _hasSecret, ...rest } = structuredClone(client.settings);
  return compact({
    UserPoolId: client.userPoolId,
    ClientName,
    ClientId: client.id,
    ClientSecret: client.secret,
    LastModifiedDate: client.updatedAt,
    CreationDate: client.createdAt,
    ...rest,
  });
}

/** One ListUserPoolClients entry. */
export function toUserPoolClientDescription(
  client: Pick<UserPoolClientRecord, 'id' | 'userPoolId' | 'settings'> &
    Partial<UserPoolClientRecord>,
): UserPoolClientDescription {
  return {
    ClientId: client.id,
    UserPoolId: client.userPoolId,
    ClientName: client.settings.ClientName,
  };
}

/** Lifetimes of the client's access, ID and refresh tokens, in seconds. */
export function tokenValiditySeconds(settings: UserPoolClientSettings): {
  access: number;
  id: number;
  refresh: number;
} {
  return tokenValiditySecondsOf(settings);
}

/** The client's PreventUserExistenceErrors, with the API default (LEGACY) applied. */
export function preventUserExistenceErrors(
  settings: UserPoolClientSettings,
): PreventUserExistenceErrorTypes {
  return settings.PreventUserExistenceErrors ?? 'LEGACY';
}

/**
 * The client's auth flows as ALLOW_ values. Without ExplicitAuthFlows: refresh, SRP and custom.
 * Legacy lists (from before the ALLOW_ names) always allowed SRP, custom auth and refresh tokens
 * and added to them: ADMIN_NO_SRP_AUTH is ALLOW_ADMIN_USER_PASSWORD_AUTH, USER_PASSWORD_AUTH is
 * ALLOW_USER_PASSWORD_AUTH, and CUSTOM_AUTH_FLOW_ONLY takes SRP away.
 */
export function effectiveAuthFlows(settings: UserPoolClientSettings): ExplicitAuthFlowsType[] {
  const flows = settings.ExplicitAuthFlows ?? DEFAULT_FLOWS;
  if (flows.some((f) => f.startsWith('ALLOW_'))) return [...flows];
  const result = new Set<ExplicitAuthFlowsType>(DEFAULT_FLOWS);
  if (flows.includes('ADMIN_NO_SRP_AUTH')) result.add('ALLOW_ADMIN_USER_PASSWORD_AUTH');
  if (flows.includes('USER_PASSWORD_AUTH')) result.add('ALLOW_USER_PASSWORD_AUTH');
  if (flows.includes('CUSTOM_AUTH_FLOW_ONLY')) result.delete('ALLOW_USER_SRP_AUTH');
  return [...result];
}

/** True when the client lets `flow` be used with InitiateAuth / AdminInitiateAuth. */
export function isAuthFlowAllowed(settings: UserPoolClientSettings, flow: AuthFlow): boolean {
  return effectiveAuthFlows(settings).includes(`ALLOW_${flow}` as ExplicitAuthFlowsType);
}

// Cognito's ids and secrets are base-32 numbers written with 0-9 and a-v (e.g. client id
// '4bq5qotn1hmrlil7k760cmcqll', secrets of 51 such characters).
const BASE32 = '0123456789abcdefghijklmnopqrstuv';

function base32(random: (bytes: number) => Buffer, length: number): string {
  const bytes = random(Math.ceil((length * 5) / 8));
  let out = '';
  let bits = 0;
  let buffer = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** A new app client id: 26 lower-case base-32 characters, like Cognito's. */
export function newClientId(random: (bytes: number) => Buffer): string {
  return base32(random, 26);
}

/** A new app client secret: 51 lower-case base-32 characters, like Cognito's. */
export function newClientSecret(random: (bytes: number) => Buffer): string {
  return base32(random, 51);
}
