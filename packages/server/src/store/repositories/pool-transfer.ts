// Whole-pool reads and writes for CognateExportUserPool / CognateImportUserPool: a page of users
// with their group memberships and provider links, and the pool's groups. User rows themselves
// are written through users.ts (insertUser keeps the search index).
import type { User } from '../../model/user.ts';
import type { Db } from '../open.ts';
import type { Database } from '../tables.ts';
import { toUser } from './users.ts';

export type GroupRow = Database['groups'];
export type ProviderLinkRow = Database['provider_links'];

/** Users of a pool ordered by sub, after `afterId`. */
export async function usersPage(
  db: Db,
  poolId: string,
  limit: number,
  afterId?: string,
): Promise<User[]> {
  let q = db
    .selectFrom('users')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.execute()).map(toUser);
}

/** Every group of a pool, by name. */
export async function poolGroups(db: Db, poolId: string): Promise<GroupRow[]> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .orderBy('name')
    .execute();
}

/** Group memberships of the given users: user id → group names. */
export async function membershipsOf(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_groups')
    .select(['user_id', 'group_name'])
    .where('user_id', 'in', userIds)
    .orderBy('group_name')
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.group_name]);
  return out;
}

/** Provider links of the given users: user id → links. */
export async function linksOf(db: Db, userIds: string[]): Promise<Map<string, ProviderLinkRow[]>> {
  const out = new Map<string, ProviderLinkRow[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('provider_links')
    .selectAll()
    .where('user_id', 'in', userIds)
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r]);
  return out;
}

/** Inserts the groups the pool does not have yet. */
export async function insertMissingGroups(db: Db, groups: GroupRow[]): Promise<void> {
  if (groups.length === 0) return;
  const poolId = groups[0].user_pool_id;
  const existing = new Set(
    (await db.selectFrom('groups').select('name').where('user_pool_id', '=', poolId).execute()).map(
      (r) => r.name,
    ),
  );
  const fresh = groups.filter((g) => !existing.has(g.name));
  if (fresh.length > 0) await db.insertInto('groups').values(fresh).execute();
}

/** Names of the pool's groups. */
export async function groupNames(db: Db, poolId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('groups')
    .select('name')
    .where('user_pool_id', '=', poolId)
    .execute();
  return new Set(rows.map((r) => r.name));
}

/** Adds memberships of new users (no existing row can clash: the users are new). */
export async function insertMemberships(db: Db, rows: Database['user_groups'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('user_groups')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** Which of the links' (provider, value) pairs another user of the pool already has. */
export async function takenLinks(
  db: Db,
  poolId: string,
  links: Pick<ProviderLinkRow, 'provider_name' | 'provider_attribute_value'>[],
): Promise<Set<string>> {
  if (links.length === 0) return new Set();
  const rows = await db
    .selectFrom('provider_links')
    .select(['provider_name', 'provider_attribute_value'])
    .where('user_pool_id', '=', poolId)
    .where(
      'provider_attribute_value',
      'in',
      links.map((l) => l.provider_attribute_value),
    )
    .execute();
  return new Set(rows.map((r) => `${r.provider_name}\u0000${r.provider_attribute_value}`));
}

/** Adds provider links of new users. */
export async function insertLinks(db: Db, rows: ProviderLinkRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('provider_links')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}
