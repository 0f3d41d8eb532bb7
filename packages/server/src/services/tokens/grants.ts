import { createHash, randomUUID } from 'node:crypto';
import type { Attributes, User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Db } from '../../store/open.ts';
import type { StoredAuthEvent } from '../../store/repositories/auth-events.ts';
import type { TokenGroup } from '../../store/repositories/groups.ts';
import {
  claimRotation,
  findGrant,
  findGrantByHash,
  insertGrant,
  insertGrantWithEvent,
  type RefreshGrant,
  revokeFamily,
  revokeUserGrants,
} from '../../store/repositories/refresh-tokens.ts';
import { findUserById } from '../../store/repositories/users.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import { assertRefreshDevice } from '../devices/refresh.ts';
import {
  InvalidParameterException,
  NotAuthorizedException,
  UnsupportedTokenTypeException,
} from '../errors.ts';
import { type TokenTrigger, tokenCustomization } from '../triggers/pre-token-generation.ts';
import { tokenValiditySeconds } from '../user-pools/client-settings.ts';
import { filterReadable } from '../users/attributes.ts';
import { groupClaims } from '../users/groups.ts';
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
  /**
   * More writes committed with the grant (one commit, one fsync, per sign-in on SQLite), or just
   * the sign-in's auth event, made as the grant is stored (one statement on PostgreSQL).
   */
  withGrant?:
    | ((db: Db, grantId: string) => Promise<void>)
    | {
        event: () => StoredAuthEvent;
        /** A right password check to take back with the grant (sign-in/lockout.ts). */
        release?: { userId: string; place: number };
      },
  /** Why the tokens are issued, for the PreTokenGeneration trigger. */
  trigger: TokenTrigger = { source: 'Authentication' },
): Promise<AuthenticationResult> {
  const custom = await tokenCustomization(ctx, { pool, client, user, trigger });
  const now = ctx.clock.now();
  const refreshToken = ctx.random(96).toString('base64url');
  const grantId = randomUUID();
  const grant: RefreshGrant = {
    id: grantId,
    userPoolId: pool.id,
    clientId: client.id,
    userId: user.id,
    tokenHash: hashRefreshToken(refreshToken),
    authTime: now,
    createdAt: now,
    expiresAt: now + tokenValiditySeconds(client.settings).refresh * 1000,
  };
  // Read with the grant's statement where it can be (PostgreSQL): one round trip less.
  let groupsRead: TokenGroup[] | undefined;
  if (withGrant && typeof withGrant === 'object') {
    groupsRead = await insertGrantWithEvent(ctx.db, grant, withGrant.event(), withGrant.release);
  } else {
    await inTransaction(ctx.db, async (db) => {
      await insertGrant(db, grant);
      await withGrant?.(db, grantId);
    });
  }
  const tokens = await signTokens(ctx, {
    pool,
    client,
    user,
    authTime: now,
    originJti: grantId,
    idAttributes: idAttributes(client, user),
    ...(groupsRead && { preloaded: { groups: groupClaims(groupsRead) } }),
    ...custom,
  });
  return { ...tokens, RefreshToken: refreshToken };
}

/** The grace, in ms, during which a rotated-out token still refreshes; undefined: no rotation. */
function rotationGraceMs(client: UserPoolClient): number | undefined {
  const rotation = client.settings.RefreshTokenRotation;
  if (rotation?.Feature !== 'ENABLED') return undefined;
  return (rotation.RetryGracePeriodSeconds ?? 0) * 1000;
}

/**
 * True when a token rotated out at `rotatedAt` is past its client's retry grace. With no grace a
 * rotated token is always past it: a parallel request may have read the clock a little before the
 * winner that rotated it, so `now - rotatedAt` can be negative.
 */
function pastGrace(rotatedAt: number | undefined, graceMs: number, now: number): boolean {
  return rotatedAt !== undefined && (graceMs <= 0 || now - rotatedAt >= graceMs);
}

/**
 * REFRESH_TOKEN_AUTH / GetTokensFromRefreshToken / the token endpoint: new ID and access tokens
 * from a live refresh token of this client. Revoked, expired, unknown or foreign tokens answer
 * NotAuthorizedException "Invalid Refresh Token", as Cognito does.
 *
 * A client with RefreshTokenRotation ENABLED also gets a new refresh token (`rotate` callers
 * only: Cognito refuses REFRESH_TOKEN_AUTH for such a client), and the one presented stops
 * working after RetryGracePeriodSeconds. Presenting a rotated-out token after its grace is taken
 * as theft: the whole family (every token descended from the same sign-in, and the access and ID
 * tokens naming it as `origin_jti`) is revoked.
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
    /** The caller can hand out a rotated refresh token (GetTokensFromRefreshToken, /oauth2/token). */
    rotate?: boolean;
  },
): Promise<{ result: AuthenticationResult; user: User; scopes?: string[] }> {
  const invalid = () => new NotAuthorizedException('Invalid Refresh Token');
  const revoked = () => new NotAuthorizedException('Refresh Token has been revoked');
  const graceMs = rotationGraceMs(input.client);
  // Refresh token rotation must be completed with GetTokensFromRefreshToken
  // (API_RefreshTokenRotationType): the client's REFRESH_TOKEN_AUTH is off.
  if (graceMs !== undefined && !input.rotate) {
    throw new InvalidParameterException('REFRESH_TOKEN_AUTH flow not enabled for this client');
  }
  const presented = await findGrantByHash(ctx.db, hashRefreshToken(input.refreshToken));
  if (!presented || presented.clientId !== input.client.id) throw invalid();
  // The sign-in's grant holds what the family shares: revocation, expiry, device and scopes.
  const grant = presented.familyId ? await findGrant(ctx.db, presented.familyId) : presented;
  if (!grant) throw invalid();
  const user = await findUserById(ctx.db, grant.userId);
  if (!user) throw invalid();
  // Disabling also revokes the grants; while disabled, the answer gives that reason.
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (grant.revokedAt !== undefined || presented.revokedAt !== undefined) throw revoked();
  const now = ctx.clock.now();
  if (grant.expiresAt <= now) throw new NotAuthorizedException('Refresh Token has expired');
  if (pastGrace(presented.rotatedAt, graceMs ?? 0, now)) {
    await revokeFamily(ctx.db, grant.id, now);
    throw revoked();
  }
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
  const RefreshToken =
    graceMs === undefined ? undefined : await rotate(ctx, presented, grant, graceMs);
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
  return {
    result: { ...tokens, ...(RefreshToken && { RefreshToken }) },
    user,
    scopes: grant.scopes,
  };
}

/**
 * Exchanges `presented` for a new member of the family `family`, atomically: the first exchange
 * of a token marks it rotated and inserts its successor in one transaction; a concurrent or
 * later exchange of the same token gets a successor only within the grace, and otherwise revokes
 * the family. So two parallel refreshes with one token outside the grace make at most one new
 * member, and that member dies with the family. The new token keeps the sign-in's expiry
 * (rotation renews the token, not the session).
 */
async function rotate(
  ctx: Deps,
  presented: RefreshGrant,
  family: RefreshGrant,
  graceMs: number,
): Promise<string> {
  const now = ctx.clock.now();
  const token = ctx.random(96).toString('base64url');
  const exchanged = await inTransaction(ctx.db, async (db) => {
    if (!(await claimRotation(db, presented.id, now))) {
      const current = await findGrant(db, presented.id);
      if (!current || current.revokedAt !== undefined) return false;
      if (pastGrace(current.rotatedAt, graceMs, now)) return false;
    }
    await insertGrant(db, {
      id: randomUUID(),
      familyId: family.id,
      userPoolId: family.userPoolId,
      clientId: family.clientId,
      userId: family.userId,
      tokenHash: hashRefreshToken(token),
      authTime: family.authTime,
      createdAt: now,
      expiresAt: family.expiresAt,
    });
    return true;
  });
  if (!exchanged) {
    await revokeFamily(ctx.db, family.id, now);
    throw new NotAuthorizedException('Refresh Token has been revoked');
  }
  return token;
}

/** GlobalSignOut / AdminUserGlobalSignOut: revokes every grant, so every token fails. */
export async function signOutEverywhere(ctx: Pick<Context, 'db' | 'clock'>, user: User) {
  await revokeUserGrants(ctx.db, user.id, ctx.clock.now());
}

/**
 * RevokeToken: revokes one refresh token and the access tokens it produced (with rotation, every
 * token of its sign-in). An unknown token
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
  // A rotated token's access tokens name its sign-in's grant: revoking means the family.
  await revokeFamily(ctx.db, grant.familyId ?? grant.id, ctx.clock.now());
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
