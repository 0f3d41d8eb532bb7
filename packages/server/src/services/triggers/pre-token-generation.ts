/**
 * The PreTokenGeneration trigger: before tokens are signed (at the end of a sign-in and on every
 * refresh), the pool's function may add, change or suppress claims and change the user's groups.
 * Version 1 (`V1_0`, LambdaConfig.PreTokenGeneration) changes the ID token; version 2 (`V2_0` or
 * `V3_0` in LambdaConfig.PreTokenGenerationConfig) changes both tokens and the access token's
 * scopes.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { SIGN_IN_SCOPE } from '../tokens/tokens.ts';
import { type GroupClaims, loadGroupClaims } from '../users/groups.ts';
import { eventAttributes, metadataOf } from './event-parts.ts';
import { invokeTrigger, triggerEvent, unrecognizable } from './invoke.ts';
import type { ClaimChanges, TokenOverrides } from './token-overrides.ts';

/** What ends in tokens: the suffix of `TokenGeneration_<source>`. */
export type TokenSource =
  | 'Authentication'
  | 'NewPasswordChallenge'
  | 'AuthenticateDevice'
  | 'RefreshTokens'
  | 'HostedAuth';

/** Why tokens are being issued, for the trigger. */
export interface TokenTrigger {
  source: TokenSource;
  /** ClientMetadata of the request that gets the tokens (RespondToAuthChallenge's, not InitiateAuth's). */
  clientMetadata?: Record<string, string>;
}

type Json = Record<string, unknown>;

/**
 * The token trigger's source and ClientMetadata at the end of a sign-in, from what the flow
 * carries: NEW_PASSWORD_REQUIRED answered, a device proven (DEVICE_PASSWORD_VERIFIER), or
 * neither; ClientMetadata of the answer that ends it (none when InitiateAuth ends it).
 */
export function signInTokenTrigger(carry: {
  newPasswordSet?: boolean;
  deviceProven?: boolean;
  answerMetadata?: Record<string, string>;
}): TokenTrigger {
  const source: TokenSource = carry.newPasswordSet
    ? 'NewPasswordChallenge'
    : carry.deviceProven
      ? 'AuthenticateDevice'
      : 'Authentication';
  return { source, clientMetadata: carry.answerMetadata };
}

/** The pool's token trigger and the event version it asked for, if it has one. */
function tokenFunction(pool: UserPool): { arn: string; version: 1 | 2 } | undefined {
  const config = pool.settings.LambdaConfig ?? {};
  const arn: string | undefined =
    config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration;
  if (!arn) return undefined;
  const version = config.PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0';
  // V3_0 differs from V2_0 only for machine-to-machine tokens, which this server does not issue.
  return { arn, version: version === 'V1_0' ? 1 : 2 };
}

/** True when the pool has a PreTokenGeneration trigger. */
export function hasTokenTrigger(pool: UserPool): boolean {
  return tokenFunction(pool) !== undefined;
}

/**
 * Before tokens are signed: without a token trigger, nothing (signTokens loads the groups);
 * with one, the user's group claims, loaded once, and the changes the trigger asks for, both
 * for signTokens. Runs before anything of the sign-in or refresh is stored, so a failing
 * function leaves nothing behind.
 */
export async function tokenCustomization(
  ctx: Pick<Context, 'db' | 'region' | 'functions'>,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    trigger: TokenTrigger;
    /** The scopes the access token will carry (OAuth grants); the API's sign-in scope if not. */
    scopes?: string[];
  },
): Promise<
  { preloaded: { groups: GroupClaims | undefined }; overrides?: TokenOverrides } | undefined
> {
  if (!hasTokenTrigger(input.pool)) return undefined;
  const groups = await loadGroupClaims(ctx, input.user.id);
  const overrides = await runPreTokenGeneration(ctx, {
    ...input,
    groups,
    scopes: input.scopes ?? [SIGN_IN_SCOPE],
  });
  return { preloaded: { groups }, overrides };
}

/**
 * Runs the pool's PreTokenGeneration trigger for tokens about to be signed for `user`, with
 * the group claims and scopes they would carry, and returns the changes it asks for (undefined
 * without a trigger or changes). Claims Cognito does not let a function touch are ignored (see
 * token-overrides.ts). A failing function is UserLambdaValidationException "PreTokenGeneration
 * failed with error …"; an answer of the wrong shape is InvalidLambdaResponseException.
 */
export async function runPreTokenGeneration(
  ctx: Pick<Context, 'region' | 'functions'>,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    groups: GroupClaims | undefined;
    scopes: string[];
    trigger: TokenTrigger;
  },
): Promise<TokenOverrides | undefined> {
  const fn = tokenFunction(input.pool);
  if (!fn) return undefined;
  const { groups } = input;
  const event = triggerEvent(ctx, {
    triggerSource: `TokenGeneration_${input.trigger.source}`,
    userPoolId: input.pool.id,
    userName: input.user.username,
    clientId: input.client.id,
    request: {
      userAttributes: eventAttributes(input.pool, input.user),
      groupConfiguration: {
        groupsToOverride: groups?.groups ?? [],
        iamRolesToOverride: groups?.roles ?? [],
        preferredRole: groups?.preferredRole ?? null,
      },
      ...(fn.version === 2 && { scopes: input.scopes }),
      clientMetadata: metadataOf(input.trigger.clientMetadata),
    } as Json,
    response: (fn.version === 2
      ? { claimsAndScopeOverrideDetails: null }
      : { claimsOverrideDetails: null }) as Json,
  });
  event.version = String(fn.version);
  const { response } = await invokeTrigger(ctx, 'PreTokenGeneration', fn.arn, event);
  const v2 = fn.version === 2 ? response.claimsAndScopeOverrideDetails : undefined;
  // A version 2 function still answering in version 1's shape is read as version 1.
  if (v2 !== undefined && v2 !== null) return readV2(v2);
  return readV1(response.claimsOverrideDetails);
}

/** Version 1's `claimsOverrideDetails`: ID token claims (string values) and groups. */
function readV1(raw: unknown): TokenOverrides | undefined {
  if (raw === undefined || raw === null) return undefined;
  const details = object(raw);
  return {
    id: {
      add: stringClaims(details.claimsToAddOrOverride),
      suppress: strings(details.claimsToSuppress),
    },
    access: { add: {}, suppress: [], scopesToAdd: [], scopesToSuppress: [] },
    groups: readGroups(details.groupOverrideDetails),
  };
}

/** Version 2's `claimsAndScopeOverrideDetails`: both tokens (any JSON values), scopes, groups. */
function readV2(raw: unknown): TokenOverrides {
  const details = object(raw);
  const id = optionalObject(details.idTokenGeneration);
  const access = optionalObject(details.accessTokenGeneration);
  return {
    id: changes(id),
    access: {
      ...changes(access),
      scopesToAdd: strings(access.scopesToAdd),
      scopesToSuppress: strings(access.scopesToSuppress),
    },
    groups: readGroups(details.groupOverrideDetails),
  };
}

function changes(raw: Json): ClaimChanges {
  const add = raw.claimsToAddOrOverride;
  return {
    add: add === undefined || add === null ? {} : { ...object(add) },
    suppress: strings(raw.claimsToSuppress),
  };
}

/**
 * groupOverrideDetails replaces the group claims whole ("an empty object suppresses the
 * groups"); left out or null, the groups stay as they are.
 */
function readGroups(raw: unknown): TokenOverrides['groups'] {
  if (raw === undefined || raw === null) return undefined;
  const details = object(raw);
  const role = details.preferredRole;
  if (role !== undefined && role !== null && typeof role !== 'string') throw unrecognizable();
  return {
    groups: strings(details.groupsToOverride),
    roles: strings(details.iamRolesToOverride),
    preferredRole: role ?? undefined,
  };
}

/**
 * Version 1 claim values are strings: numbers and booleans become strings (as Cognito's reader
 * turns them), anything else is refused.
 */
function stringClaims(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(object(raw))) {
    if (value === null || value === undefined) continue;
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw unrecognizable();
    out[name] = String(value);
  }
  return out;
}

function object(raw: unknown): Json {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw unrecognizable();
  return raw as Json;
}

function optionalObject(raw: unknown): Json {
  return raw === undefined || raw === null ? {} : object(raw);
}

function strings(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) throw unrecognizable();
  return raw as string[];
}
