import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import {
  deleteIdentifier,
  deleteIdentifiers,
  findUserById,
  findUserByIdentifier,
  findUserByUsernameKey,
  identifierOwner,
  insertIdentifier,
  saveUser,
} from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import type { CognateError } from '../errors.ts';

/** True when the pool matches usernames (and identifiers) case-insensitively. */
export function caseInsensitive(pool: UserPool): boolean {
  return pool.settings.UsernameConfiguration?.CaseSensitive === false;
}

/** The lookup form of a username or identifier for this pool. */
export function lookupKey(pool: UserPool, value: string): string {
  return caseInsensitive(pool) ? value.toLowerCase() : value;
}

/** Attributes users may sign in with besides the username. */
function signInKinds(pool: UserPool): string[] {
  return [...(pool.settings.UsernameAttributes ?? []), ...(pool.settings.AliasAttributes ?? [])];
}

/**
 * Finds a user by what they typed: the username, or an email / phone / preferred_username when
 * the pool lets users sign in with it.
 */
export async function resolveUser(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  name: string,
  /** The username lookup already made for this name (loadClientAndUser), if any. */
  hint?: { userPoolId: string; name: string; user: User | undefined },
): Promise<User | undefined> {
  const hinted = hint?.userPoolId === pool.id && hint.name === name;
  const byName = hinted
    ? hint.user
    : await findUserByUsernameKey(ctx.db, pool.id, lookupKey(pool, name));
  if (byName) return byName;
  for (const kind of signInKinds(pool)) {
    const user = await findUserByIdentifier(ctx.db, pool.id, kind, lookupKey(pool, name));
    if (user) return user;
  }
  return undefined;
}

/**
 * The identifiers a user holds: username attributes always, aliases only once verified
 * (preferred_username needs no verification), as Cognito does.
 */
export function identifiersOf(pool: UserPool, user: User): { kind: string; valueKey: string }[] {
  const out: { kind: string; valueKey: string }[] = [];
  const add = (kind: string) => {
    const value = user.attributes[kind];
    if (value) out.push({ kind, valueKey: lookupKey(pool, value) });
  };
  for (const kind of pool.settings.UsernameAttributes ?? []) add(kind);
  for (const kind of pool.settings.AliasAttributes ?? []) {
    if (kind === 'preferred_username' || user.attributes[`${kind}_verified`] === 'true') add(kind);
  }
  return out;
}

/**
 * Stores the user's identifiers after a change, throwing `onConflict(kind)` when another user
 * already holds one: found by the check, or, when a concurrent request (on any instance) took it
 * after the check, by the store's uniqueness.
 */
export async function syncIdentifiers(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  user: User,
  onConflict: (kind: string) => CognateError,
  opts: { forceAliasCreation?: boolean } = {},
): Promise<void> {
  const ids = identifiersOf(pool, user);
  for (const id of ids) {
    const owner = await identifierOwner(ctx.db, pool.id, id.kind, id.valueKey);
    if (!owner || owner === user.id) continue;
    if (opts.forceAliasCreation && isVerifiedAlias(pool, id.kind)) {
      await releaseAlias(ctx, pool, owner, id);
    } else {
      throw onConflict(id.kind);
    }
  }
  await deleteIdentifiers(ctx.db, user.id);
  for (const id of ids) {
    try {
      await insertIdentifier(ctx.db, user, id);
    } catch (err) {
      if (isUniqueViolation(err)) throw onConflict(id.kind);
      throw err;
    }
  }
}

/** Email and phone aliases: the identifiers ForceAliasCreation may move between users. */
function isVerifiedAlias(pool: UserPool, kind: string): boolean {
  return (
    (kind === 'email' || kind === 'phone_number') &&
    (pool.settings.AliasAttributes ?? []).includes(kind)
  );
}

/**
 * ForceAliasCreation: the alias moves to the new user. Its previous holder can no longer sign in
 * with it, and their attribute is no longer verified (an alias is a verified attribute).
 */
async function releaseAlias(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  ownerId: string,
  id: { kind: string; valueKey: string },
): Promise<void> {
  await deleteIdentifier(ctx.db, pool.id, id.kind, id.valueKey);
  const owner = await findUserById(ctx.db, ownerId);
  if (!owner) return;
  owner.attributes[`${id.kind}_verified`] = 'false';
  await saveUser(ctx.db, owner);
}
