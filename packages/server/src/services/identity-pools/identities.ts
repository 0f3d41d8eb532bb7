import type { IdentityDescription } from '@aws-sdk/client-cognito-identity';
import * as repo from '../../store/repositories/identity-pools.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceConflictException,
  ResourceNotFoundException,
} from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { checkInteger } from '../validation/members.ts';
import {
  userPoolOfLoginKey,
  userPoolProviderName,
  type VerifiedLogin,
  verifyLogins,
} from './logins.ts';
import { type IdentityPool, loadIdentityPool, newRegionalId } from './pools.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'region' | 'publicUrl'>;

/** An identity of an identity pool, with the providers of its logins. */
export interface Identity {
  /** `<region>:<uuid>`. */
  id: string;
  identityPoolId: string;
  /** The logins linked to it (provider and subject), oldest first; none for a guest. */
  logins: { provider: string; subject: string }[];
  createdAt: number;
  updatedAt: number;
}

const GUEST_REFUSED = 'Unauthenticated access is not supported for this identity pool.';

/** The message Cognito answers for an identity that does not exist. */
export function identityNotFound(id: string) {
  return new ResourceNotFoundException(`Identity '${id}' not found.`);
}

/** An identity with its logins, or undefined. */
export async function findIdentity(
  ctx: Pick<Context, 'db'>,
  identityId: string,
): Promise<Identity | undefined> {
  const r = await repo.findIdentity(ctx.db, identityId);
  if (!r) return undefined;
  const logins = await repo.loginsOf(ctx.db, [r.id]);
  return {
    ...r,
    logins: logins.map((l) => ({ provider: l.provider, subject: l.subject })),
  };
}

/**
 * Refuses a guest (an identity without logins) of a pool that does not allow unauthenticated
 * identities, as Cognito does once AllowUnauthenticatedIdentities is turned off, even for guest
 * identities made before.
 */
export function checkGuestAccess(pool: IdentityPool, identity: Pick<Identity, 'logins'>): void {
  if (identity.logins.length === 0 && !pool.settings.AllowUnauthenticatedIdentities) {
    throw new NotAuthorizedException(GUEST_REFUSED);
  }
}

async function newIdentity(ctx: Deps, identityPoolId: string): Promise<string> {
  const now = ctx.clock.now();
  const id = newRegionalId(ctx.region, ctx.random);
  await repo.insertIdentity(ctx.db, { id, identityPoolId, createdAt: now, updatedAt: now });
  return id;
}

/**
 * Links verified logins to an identity and returns the identity the caller is now: the same
 * one, or, when a login already belongs to another identity of the pool, that one, into which
 * this identity is merged (its logins move there and it is deleted), as Cognito merges a guest
 * identity that signs in. Two identities that each hold a different user of the same provider
 * cannot be merged: ResourceConflictException. Safe under parallel calls: a login is linked
 * once, by its unique key.
 */
export async function linkLogins(
  ctx: Pick<Context, 'db' | 'clock'>,
  identityId: string,
  logins: readonly Pick<VerifiedLogin, 'provider' | 'subject'>[],
): Promise<string> {
  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const self = await repo.findIdentity(db, identityId);
    if (!self) throw identityNotFound(identityId);
    let current = identityId;
    for (const login of logins) {
      const owner = await repo.linkLogin(db, {
        identityPoolId: self.identityPoolId,
        provider: login.provider,
        subject: login.subject,
        identityId: current,
        createdAt: now,
      });
      if (owner === current) continue;
      const mine = await repo.loginsOf(db, [current]);
      const theirs = await repo.loginsOf(db, [owner]);
      const clash = mine.some((m) =>
        theirs.some((t) => t.provider === m.provider && t.subject !== m.subject),
      );
      if (clash) {
        throw new ResourceConflictException(
          'Logins are linked to different identities of the same provider and cannot be merged.',
        );
      }
      await repo.moveLogins(db, current, owner);
      await repo.deleteIdentities(db, [current]);
      current = owner;
    }
    await repo.touchIdentity(db, current, now);
    return current;
  });
}

/**
 * GetId: a new guest identity for an empty Logins map (when the pool allows guests), else the
 * identity of the verified logins, made on first use. One identity per login for ever: parallel
 * first calls agree on one.
 */
export async function getId(
  ctx: Deps,
  identityPoolId: string,
  logins: Record<string, string>,
): Promise<string> {
  const pool = await loadIdentityPool(ctx, identityPoolId);
  if (Object.keys(logins).length === 0) {
    if (!pool.settings.AllowUnauthenticatedIdentities) {
      throw new NotAuthorizedException(GUEST_REFUSED);
    }
    return inTransaction(ctx.db, (db) => newIdentity({ ...ctx, db }, pool.id));
  }
  // Tokens are verified before any write (an OIDC provider's keys may be fetched).
  const verified = await verifyLogins(ctx, pool, logins);
  return inTransaction(ctx.db, async (db) => {
    let existing: string | undefined;
    for (const l of verified) {
      existing ??= await repo.findLogin(db, pool.id, l.provider, l.subject);
    }
    const id = existing ?? (await newIdentity({ ...ctx, db }, pool.id));
    const result = await linkLogins({ ...ctx, db }, id, verified);
    return result;
  });
}

/** Loads an identity of a pool, or ResourceNotFoundException. */
export async function loadIdentity(ctx: Pick<Context, 'db'>, identityId: string) {
  const identity = await findIdentity(ctx, identityId);
  if (!identity) throw identityNotFound(identityId);
  return identity;
}

/** The wire IdentityDescription. */
export function toIdentityDescription(identity: Identity): IdentityDescription {
  return {
    IdentityId: identity.id,
    Logins: [...new Set(identity.logins.map((l) => l.provider))],
    CreationDate: new Date(identity.createdAt),
    LastModifiedDate: new Date(identity.updatedAt),
  };
}

const isId = (v: unknown): v is string => typeof v === 'string';

/** ListIdentities: MaxResults 1–60 (required), by identity id, NextToken sealed per pool. */
export async function listIdentities(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  identityPoolId: string,
  maxResults: unknown,
  nextToken: string | undefined,
  hideDisabled: boolean,
) {
  const limit = checkInteger(maxResults, 'maxResults', { min: 1, max: 60 });
  await loadIdentityPool(ctx, identityPoolId);
  const scope = `ListIdentities\0${identityPoolId}`;
  const after = nextToken ? openPageToken(ctx, scope, nextToken, isId) : undefined;
  // No identity is ever disabled here, so HideDisabled changes nothing.
  void hideDisabled;
  const rows = await repo.listIdentities(ctx.db, identityPoolId, limit + 1, after);
  const page = rows.slice(0, limit);
  const logins = await repo.loginsOf(
    ctx.db,
    page.map((r) => r.id),
  );
  return {
    identities: page.map((r) =>
      toIdentityDescription({
        ...r,
        logins: logins.filter((l) => l.identityId === r.id),
      }),
    ),
    nextToken:
      rows.length > limit ? sealPageToken(ctx, scope, page[page.length - 1].id) : undefined,
  };
}

/**
 * DeleteIdentities: deletes those that exist; each id that is not an identity comes back in
 * UnprocessedIdentityIds with ErrorCode InternalServerError, as Cognito answers.
 */
export async function deleteIdentities(ctx: Pick<Context, 'db'>, ids: string[]) {
  const unprocessed: { IdentityId: string; ErrorCode: 'InternalServerError' }[] = [];
  const found: string[] = [];
  for (const id of ids) {
    if (await repo.findIdentity(ctx.db, id)) found.push(id);
    else unprocessed.push({ IdentityId: id, ErrorCode: 'InternalServerError' });
  }
  await repo.deleteIdentities(ctx.db, found);
  return unprocessed;
}

/**
 * UnlinkIdentity: with a valid token of each login in Logins (proving the caller is that user),
 * unlinks the providers of LoginsToRemove from the identity. Removing the last login leaves a
 * guest identity.
 */
export async function unlinkIdentity(
  ctx: Deps,
  identityId: string,
  logins: Record<string, string>,
  loginsToRemove: string[],
): Promise<void> {
  const identity = await loadIdentity(ctx, identityId);
  const pool = await loadIdentityPool(ctx, identity.identityPoolId);
  const verified = await verifyLogins(ctx, pool, logins);
  for (const l of verified) {
    if (!identity.logins.some((m) => m.provider === l.provider && m.subject === l.subject)) {
      throw new NotAuthorizedException('Logins do not match the identity.');
    }
  }
  for (const name of loginsToRemove) {
    const userPoolId = userPoolOfLoginKey(ctx, name);
    const provider = userPoolId ? userPoolProviderName(userPoolId) : name;
    if (
      !Object.keys(logins).some((k) => k === name) &&
      !verified.some((v) => v.provider === provider)
    ) {
      throw new InvalidParameterException(
        `LoginsToRemove contains ${name}, which is not in Logins.`,
      );
    }
    await repo.unlinkProvider(ctx.db, identityId, provider);
  }
  await repo.touchIdentity(ctx.db, identityId, ctx.clock.now());
}
