// Stores batches of new users for the bulk imports (CSV import jobs, CognateImportUserPool) with
// the checks sign-up makes per user, done with a few queries per batch instead.

import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import {
  identifierKey,
  identifierOwners,
  insertIdentifiers,
  takenUserIds,
  takenUsernameKeys,
} from '../../store/repositories/user-batches.ts';
import { insertUsers } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { identifiersOf, lookupKey } from '../users/lookup.ts';

/** What became of one user of a batch. */
export type BatchOutcome =
  | { kind: 'imported' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

const EXISTS = 'The user already exists.';

/**
 * Inserts `users` (new records, not yet stored) into `pool` inside the caller's transaction,
 * deciding for each in order. A user who already exists is skipped: their username (lookup form) is taken, or is
 * another user's sign-in identifier, or a username attribute (email or phone as username) of
 * theirs is taken, or with `checkIds` their sub is. A user whose alias (a verified email or
 * phone, preferred_username) another user holds fails, as AdminCreateUser would. Earlier users of
 * the batch count as existing for later ones.
 *
 * Checks are made before any write, so no statement hits a uniqueness constraint unless another
 * request takes the same name meanwhile; the caller may then retry user by user.
 */
export async function insertNewUsers(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  users: User[],
  opts: { checkIds?: boolean } = {},
): Promise<BatchOutcome[]> {
  const usernameKinds: string[] = pool.settings.UsernameAttributes ?? [];
  const signInKinds = [...usernameKinds, ...(pool.settings.AliasAttributes ?? [])];
  const keys = users.map((u) => lookupKey(pool, u.username));
  const identifiers = users.map((u) => identifiersOf(pool, u));
  const takenKeys = await takenUsernameKeys(ctx.db, pool.id, keys);
  const takenIds = opts.checkIds
    ? await takenUserIds(
        ctx.db,
        users.map((u) => u.id),
      )
    : new Set<string>();
  const owners = await identifierOwners(ctx.db, pool.id, [
    ...identifiers.flat(),
    ...keys.flatMap((valueKey) => signInKinds.map((kind) => ({ kind, valueKey }))),
  ]);
  const out: BatchOutcome[] = [];
  const accepted: { user: User; usernameKey: string }[] = [];
  const newIdentifiers: Parameters<typeof insertIdentifiers>[1] = [];
  for (const [i, user] of users.entries()) {
    const key = keys[i];
    const typedIsTaken = signInKinds.some((kind) => owners.has(identifierKey(kind, key)));
    if (takenIds.has(user.id) || takenKeys.has(key) || typedIsTaken) {
      out.push({ kind: 'skipped', reason: EXISTS });
      continue;
    }
    const clash = identifiers[i].find((id) => {
      const owner = owners.get(identifierKey(id.kind, id.valueKey));
      return owner !== undefined && owner !== user.id;
    });
    if (clash && usernameKinds.includes(clash.kind)) {
      out.push({ kind: 'skipped', reason: EXISTS });
      continue;
    }
    if (clash) {
      out.push({
        kind: 'failed',
        reason: `An account with the given ${clash.kind} already exists.`,
      });
      continue;
    }
    accepted.push({ user, usernameKey: key });
    for (const id of identifiers[i]) {
      owners.set(identifierKey(id.kind, id.valueKey), user.id);
      newIdentifiers.push({
        user_pool_id: user.userPoolId,
        kind: id.kind,
        value_key: id.valueKey,
        user_id: user.id,
      });
    }
    takenKeys.add(key);
    takenIds.add(user.id);
    out.push({ kind: 'imported' });
  }
  // Multi-row inserts once every user is decided: a few statements per batch, not per user.
  await insertUsers(ctx.db, accepted);
  await insertIdentifiers(ctx.db, newIdentifiers);
  return out;
}
