import * as repo from '../../store/repositories/identity-pools.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import {
  DeveloperUserAlreadyRegisteredException,
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  ResourceConflictException,
  ResourceNotFoundException,
} from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { identityNotFound } from './identities.ts';
import { type IdentityPool, loadIdentityPool, newRegionalId } from './pools.ts';

// Developer authenticated identities: a backend that signs its own users in names each of them
// by a "developer user identifier" under the identity pool's DeveloperProviderName. Those
// logins live with every other login of an identity (identity_logins, provider = the developer
// provider name), so an identity can carry a developer login and user-pool logins together.

type Deps = Pick<Context, 'db' | 'clock'>;

/** Cognito links at most 20 logins to one identity. */
export const MAX_LINKED_LOGINS = 20;

/**
 * The pool's developer provider name, which must be `name` when one is given: the pool must
 * have been created with a DeveloperProviderName. NotAuthorizedException otherwise, as for any
 * login provider the pool does not accept.
 */
export function developerProviderOf(pool: IdentityPool, name?: string): string {
  const configured = pool.settings.DeveloperProviderName;
  if (!configured) {
    throw new NotAuthorizedException(
      `Identity pool ${pool.id} has no developer provider (DeveloperProviderName).`,
    );
  }
  if (name !== undefined && name !== configured) {
    throw new NotAuthorizedException(
      `Invalid developer provider name: ${name} is not the developer provider of identity pool ${pool.id}.`,
    );
  }
  return configured;
}

/** Loads an identity of `pool`, or ResourceNotFoundException (also for another pool's). */
export async function identityOfPool(ctx: Pick<Context, 'db'>, pool: IdentityPool, id: string) {
  const identity = await repo.findIdentity(ctx.db, id);
  if (!identity || identity.identityPoolId !== pool.id) throw identityNotFound(id);
  return identity;
}

/**
 * Finds or creates the identity of a developer user, as GetOpenIdTokenForDeveloperIdentity
 * does. With `identityId`, the developer user is linked to that identity (a guest identity
 * becomes authenticated); a developer user already linked to another identity is
 * DeveloperUserAlreadyRegisteredException. Without it, the user's identity, or a new one. In
 * one transaction of its own unless the caller's.
 */
export async function developerIdentity(
  ctx: Deps & Pick<Context, 'random' | 'region'>,
  pool: IdentityPool,
  userIdentifier: string,
  identityId?: string,
): Promise<string> {
  return inTransaction(ctx.db, (db) =>
    findOrLinkDeveloper({ ...ctx, db }, pool, userIdentifier, identityId),
  );
}

async function findOrLinkDeveloper(
  ctx: Deps & Pick<Context, 'random' | 'region'>,
  pool: IdentityPool,
  userIdentifier: string,
  identityId: string | undefined,
): Promise<string> {
  const provider = developerProviderOf(pool);
  const linked = await repo.findLogin(ctx.db, pool.id, provider, userIdentifier);
  const now = ctx.clock.now();
  if (identityId !== undefined) {
    await identityOfPool(ctx, pool, identityId);
    if (linked !== undefined) {
      if (linked !== identityId) throw new DeveloperUserAlreadyRegisteredException();
      await repo.touchIdentity(ctx.db, identityId, now);
      return identityId;
    }
    await checkRoomFor(ctx, identityId, 1);
    const owner = await repo.linkLogin(ctx.db, {
      identityPoolId: pool.id,
      provider,
      subject: userIdentifier,
      identityId,
      createdAt: now,
    });
    // A parallel call linked the user elsewhere first.
    if (owner !== identityId) throw new DeveloperUserAlreadyRegisteredException();
    await repo.touchIdentity(ctx.db, identityId, now);
    return identityId;
  }
  if (linked !== undefined) {
    await repo.touchIdentity(ctx.db, linked, now);
    return linked;
  }
  const id = newRegionalId(ctx.region, ctx.random);
  await repo.insertIdentity(ctx.db, {
    id,
    identityPoolId: pool.id,
    createdAt: now,
    updatedAt: now,
  });
  const owner = await repo.linkLogin(ctx.db, {
    identityPoolId: pool.id,
    provider,
    subject: userIdentifier,
    identityId: id,
    createdAt: now,
  });
  if (owner !== id) {
    // A parallel call created the user's identity first: answer that one, keep no orphan.
    await repo.deleteIdentities(ctx.db, [id]);
    return owner;
  }
  return id;
}

async function checkRoomFor(ctx: Pick<Context, 'db'>, identityId: string, more: number) {
  const count = (await repo.loginsOf(ctx.db, [identityId])).length;
  if (count + more > MAX_LINKED_LOGINS) {
    throw new LimitExceededException(
      `An identity can have at most ${MAX_LINKED_LOGINS} linked logins.`,
    );
  }
}

/** LookupDeveloperIdentity's answer. */
export interface DeveloperLookup {
  IdentityId: string;
  DeveloperUserIdentifierList: string[];
  NextToken?: string;
}

const PAGE_SCOPE = 'LookupDeveloperIdentity';
const isPosition = (v: unknown): v is { i: string; u: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { i?: unknown }).i === 'string' &&
  typeof (v as { u?: unknown }).u === 'string';

/**
 * LookupDeveloperIdentity: the identity of a developer user, or the developer users of an
 * identity (paged by `maxResults`, sorted), or, given both, that they belong together
 * (ResourceConflictException when they do not).
 */
export async function lookupDeveloperIdentity(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  input: {
    identityPoolId: string;
    identityId?: string;
    userIdentifier?: string;
    maxResults?: number;
    nextToken?: string;
  },
): Promise<DeveloperLookup> {
  if (input.identityId === undefined && input.userIdentifier === undefined) {
    throw new InvalidParameterException(
      'Either IdentityId or DeveloperUserIdentifier must be provided.',
    );
  }
  const pool = await loadIdentityPool(ctx, input.identityPoolId);
  const provider = pool.settings.DeveloperProviderName;
  let identityId = input.identityId;
  if (input.userIdentifier !== undefined) {
    const linked = provider
      ? await repo.findLogin(ctx.db, pool.id, provider, input.userIdentifier)
      : undefined;
    if (identityId === undefined) {
      if (linked === undefined) {
        throw new ResourceNotFoundException(
          `Developer user identifier '${input.userIdentifier}' not found in identity pool ${pool.id}.`,
        );
      }
      identityId = linked;
    } else if (linked !== identityId) {
      await identityOfPool(ctx, pool, identityId);
      throw new ResourceConflictException(
        'The developer user identifier is not linked to the given identity id.',
      );
    }
  }
  await identityOfPool(ctx, pool, identityId as string);
  const all = (await repo.loginsOf(ctx.db, [identityId as string]))
    .filter((l) => provider !== undefined && l.provider === provider)
    .map((l) => l.subject)
    .sort();
  let after: string | undefined;
  if (input.nextToken !== undefined) {
    const position = openPageToken(ctx, PAGE_SCOPE, input.nextToken, isPosition);
    if (position.i !== identityId) {
      throw new InvalidParameterException('The pagination token does not match the request.');
    }
    after = position.u;
  }
  const rest = after === undefined ? all : all.filter((u) => u > after);
  const limit = input.maxResults ?? rest.length;
  const page = rest.slice(0, limit);
  return {
    IdentityId: identityId as string,
    DeveloperUserIdentifierList: page,
    ...(rest.length > page.length &&
      page.length > 0 && {
        NextToken: sealPageToken(ctx, PAGE_SCOPE, { i: identityId, u: page[page.length - 1] }),
      }),
  };
}

/**
 * MergeDeveloperIdentities: the source developer user's identity, with all its logins, joins
 * the destination user's identity, and the source identity is removed. Two different users of
 * one other provider on the two identities cannot be merged (ResourceConflictException), nor
 * more than 20 logins (LimitExceededException). Returns the destination identity.
 */
export async function mergeDeveloperIdentities(
  ctx: Deps,
  input: {
    identityPoolId: string;
    providerName: string;
    source: string;
    destination: string;
  },
): Promise<string> {
  const pool = await loadIdentityPool(ctx, input.identityPoolId);
  const provider = developerProviderOf(pool, input.providerName);
  const target = await repo.findLogin(ctx.db, pool.id, provider, input.destination);
  if (target === undefined) {
    throw new ResourceNotFoundException(
      `Developer user identifier '${input.destination}' not found in identity pool ${pool.id}.`,
    );
  }
  const from = await repo.findLogin(ctx.db, pool.id, provider, input.source);
  if (from === undefined) {
    throw new ResourceNotFoundException(
      `Developer user identifier '${input.source}' not found in identity pool ${pool.id}.`,
    );
  }
  if (from === target) return target;
  const [sourceLogins, targetLogins] = await Promise.all([
    repo.loginsOf(ctx.db, [from]),
    repo.loginsOf(ctx.db, [target]),
  ]);
  for (const s of sourceLogins) {
    if (s.provider === provider) continue;
    const clash = targetLogins.find((t) => t.provider === s.provider && t.subject !== s.subject);
    if (clash) {
      throw new ResourceConflictException(
        `The identities are linked to different users of ${s.provider} and cannot be merged.`,
      );
    }
  }
  if (sourceLogins.length + targetLogins.length > MAX_LINKED_LOGINS) {
    throw new LimitExceededException(
      `An identity can have at most ${MAX_LINKED_LOGINS} linked logins.`,
    );
  }
  await repo.moveLogins(ctx.db, from, target);
  await repo.deleteIdentities(ctx.db, [from]);
  await repo.touchIdentity(ctx.db, target, ctx.clock.now());
  return target;
}

/**
 * UnlinkDeveloperIdentity: removes a developer user from its identity, which keeps its other
 * logins; the user gets a new identity the next time it is seen. ResourceConflictException when
 * the user is linked to another identity, ResourceNotFoundException when to none.
 */
export async function unlinkDeveloperIdentity(
  ctx: Deps,
  input: {
    identityPoolId: string;
    identityId: string;
    providerName: string;
    userIdentifier: string;
  },
): Promise<void> {
  const pool = await loadIdentityPool(ctx, input.identityPoolId);
  const provider = developerProviderOf(pool, input.providerName);
  await identityOfPool(ctx, pool, input.identityId);
  const linked = await repo.findLogin(ctx.db, pool.id, provider, input.userIdentifier);
  if (linked === undefined) {
    throw new ResourceNotFoundException(
      `Developer user identifier '${input.userIdentifier}' not found in identity pool ${pool.id}.`,
    );
  }
  if (linked !== input.identityId) {
    throw new ResourceConflictException(
      'The developer user identifier is linked to another identity.',
    );
  }
  await repo.unlinkLogins(ctx.db, input.identityId, [{ provider, subject: input.userIdentifier }]);
  await repo.touchIdentity(ctx.db, input.identityId, ctx.clock.now());
}
