// Bulk imports: reads that check a whole batch of new users against the pool at once, instead of
// a few queries per user, and the multi-row insert of their sign-in identifiers. User rows go
// through users.ts.
import type { Db } from '../open.ts';

/** Which of `keys` are usernames (lookup form) of users in the pool. */
export async function takenUsernameKeys(
  db: Db,
  poolId: string,
  keys: string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('username_key')
    .where('user_pool_id', '=', poolId)
    .where('username_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.username_key));
}

/** Which of `ids` (subs) belong to a user already, in any pool. */
export async function takenUserIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** The key `identifierOwners` answers with for an identifier. */
export function identifierKey(kind: string, valueKey: string): string {
  return `${kind}\u0000${valueKey}`;
}

/**
 * Owners of sign-in identifiers in the pool: `identifierKey(kind, valueKey)` → user id, for those
 * of the given identifiers that someone holds.
 */
export async function identifierOwners(
  db: Db,
  poolId: string,
  identifiers: { kind: string; valueKey: string }[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (identifiers.length === 0) return owners;
  const kinds = [...new Set(identifiers.map((i) => i.kind))];
  const values = [...new Set(identifiers.map((i) => i.valueKey))];
  const wanted = new Set(identifiers.map((i) => identifierKey(i.kind, i.valueKey)));
  const rows = await db
    .selectFrom('user_identifiers')
    .select(['kind', 'value_key', 'user_id'])
    .where('user_pool_id', '=', poolId)
    .where('kind', 'in', kinds)
    .where('value_key', 'in', values)
    .execute();
  for (const r of rows) {
    const key = identifierKey(r.kind, r.value_key);
    if (wanted.has(key)) owners.set(key, r.user_id);
  }
  return owners;
}

/** Adds sign-in identifiers of new users, many rows per statement. */
export async function insertIdentifiers(
  db: Db,
  rows: { user_pool_id: string; kind: string; value_key: string; user_id: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('user_identifiers')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}
