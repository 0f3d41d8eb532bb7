import { createHash, randomUUID } from 'node:crypto';
import type { Attributes, User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Db } from '../../store/open.ts';
import {
  findGrantByHash,
  insertGrant,
  revokeGrant,
  revokeUserGrants,
} from '../../store/repositories/refresh-tokens.ts';
import { findUserById } from '../../store/repositories/users.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import { assertRefreshDevice } from '../devices/refresh.ts';
import { NotAuthorizedException, UnsupportedTokenTypeException } from '../errors.ts';
import { type TokenTrigger, tokenCustomization } from '../triggers/pre-token-generation.ts';
import { tokenValiditySeconds } from '../user-pools/client-settings.ts';
import { filterReadable } from '../users/attributes.ts';
import { type AuthenticationResult, signTokens } from './tokens.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl' | 'region' | 'functions'>;

/** Refresh tokens are opaque; only their SHA-256 is stored. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function idAttributes(client: UserPoolClient, user: User): Attributes {
  return filterReadable(user.attributes, client.settings.ReadAttributes);
}

/**
 * Ends a successful sign-in: runs the pool's PreTokenGeneration trigger (before anything is
 * stored, so a failing function leaves nothing behind), stores a refresh grant and signs the three
 * tokens.
 */
export async function issueSignInTokens(
  ctx: Deps,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  /** More writes committed with the grant (one commit, one fsync, per sign-in on SQLite). */
  withGrant?: (db: Db, grantId: string) => Promise<void>,
  /** Why the tokens are issued, for the PreTokenGeneration trigger. */
  trigger: TokenTrigger = { source: 'Authentication' },
): Promise<AuthenticationResult> {
  const custom = await tokenCustomization(ctx, { pool, client, user, trigger });
  const now = ctx.clock.now();
  const refreshToken = ctx.random(96).toString('base64url');
  const grantId = randomUUID();
  await inTransaction(ctx.db, async (db) => {
    await insertGrant(db, {
      id: grantId,
      userPoolId: pool.id,
      clientId: client.id,
      userId: user.id,
      tokenHash: hashRefreshToken(refreshToken),
      authTime: now,
      createdAt: now,
      expiresAt: now + tokenValiditySeconds(client.settings).refresh * 1000,
    });
    await withGrant?.(db, grantId);
  });
  const tokens = await signTokens(ctx, {
    pool,
    client,
    user,
    authTime: now,
    originJti: grantId,
    idAttributes: idAttributes(client, user),
    ...custom,
  });
  return { ...tokens, RefreshToken: refreshToken };
}

/**
 * REFRESH_TOKEN_AUTH / GetTokensFromRefreshToken: new ID and access tokens from a live refresh
 * token of this client. Revoked, expired, unknown or foreign tokens answer
 * NotAuthorizedException "Invalid Refresh Token", as Cognito does.
 */
export async function refreshTokens(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    refreshToken: string;
    /** ClientMetadata of GetTokensFromRefreshToken, for the PreTokenGeneration trigger. */
    clientMetadata?: Record<string, string>;
    /** DEVICE_KEY / DeviceKey of the request: the device the refresh token was issued to. */
    deviceKey?: string;
    /** A check of the caller against the token's user (SECRET_HASH), run before any function. */
    checkCaller?: (user: User) => void;
  },
): Promise<{ result: AuthenticationResult; user: User; scopes?: string[] }> {
  const invalid = () => new NotAuthorizedException('Invalid Refresh Token');
  const grant = await findGrantByHash(ctx.db, hashRefreshToken(input.refreshToken));
  if (!grant || grant.clientId !== input.client.id) throw invalid();
  const user = await findUserById(ctx.db, grant.userId);
  if (!user) throw invalid();
  // Disabling also revokes the grants; while disabled, the answer gives that reason.
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (grant.revokedAt !== undefined)
    throw new NotAuthorizedException('Refresh Token has been revoked');
  if (grant.expiresAt <= ctx.clock.now())
    throw new NotAuthorizedException('Refresh Token has expired');
  // Every refusal comes before the pool's function runs: a refused refresh invokes nothing.
  await assertRefreshDevice(ctx, input.pool, grant, input.deviceKey);
  input.checkCaller?.(user);
  const custom = await tokenCustomization(ctx, {
    pool: input.pool,
    client: input.client,
    user,
    trigger: { source: 'RefreshTokens', clientMetadata: input.clientMetadata },
    scopes: grant.scopes,
  });
  const tokens = await signTokens(ctx, {
    pool: input.pool,
    client: input.client,
    user,
    authTime: grant.authTime,
    originJti: grant.id,
    idAttributes: idAttributes(input.client, user),
    ...custom,
    // A grant of the OAuth endpoints keeps its scopes on every refresh.
    ...(grant.scopes && { oauth: { scopes: grant.scopes } }),
  });
  return { result: tokens, user, scopes: grant.scopes };
}

/** GlobalSignOut / AdminUserGlobalSignOut: revokes every grant, so every token fails. */
export async function signOutEverywhere(ctx: Pick<Context, 'db' | 'clock'>, user: User) {
  await revokeUserGrants(ctx.db, user.id, ctx.clock.now());
}

/**
 * RevokeToken: revokes one refresh token and the access tokens it produced. An unknown token
 * succeeds silently (nothing to revoke), as Cognito does.
 */
export async function revokeRefreshToken(
  ctx: Pick<Context, 'db' | 'clock'>,
  client: UserPoolClient,
  token: string,
): Promise<void> {
  // Only refresh tokens can be revoked: an ID or access token (a JWT) is refused by type.
  if (isJwtOfUse(token, ['access', 'id'])) throw new UnsupportedTokenTypeException();
  const grant = await findGrantByHash(ctx.db, hashRefreshToken(token));
  if (!grant) return;
  if (grant.clientId !== client.id) {
    throw new NotAuthorizedException('Invalid Refresh Token');
  }
  await revokeGrant(ctx.db, grant.id, ctx.clock.now());
}

/** True when `token` is a JWT whose payload's `token_use` is one of `uses` (signature unchecked). */
function isJwtOfUse(token: string, uses: string[]): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return uses.includes(payload?.token_use);
  } catch {
    return false;
  }
}
