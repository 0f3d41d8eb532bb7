import type {
  CreateUserPoolClientRequest,
  ExplicitAuthFlowsType,
  PreventUserExistenceErrorTypes,
  UpdateUserPoolClientRequest,
  UserPoolClientDescription,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  AuthFlow,
  UserPoolClientRecord,
  UserPoolClientSettings,
  UserPoolSettings,
} from '../../model/user-pool.ts';
import { InvalidParameterException } from '../errors.ts';
import { compact, readBoolean, readString } from '../validation/members.ts';
import { isObject, type JsonObject } from '../validation/messages.ts';
import {
  CLIENT_NAME,
  DEFAULT_FLOWS,
  parseCommon,
  tokenValiditySecondsOf,
} from './client-settings-parsers.ts';

function asObject(input: unknown): JsonObject {
  if (!isObject(input)) throw new InvalidParameterException('Request body must be a JSON object.');
  return input;
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
