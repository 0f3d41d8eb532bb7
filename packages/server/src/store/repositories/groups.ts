import type { QueryCreator, Selectable } from 'kysely';
import type { User } from '../../model/user.ts';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { Database, GroupTable } from '../tables.ts';
import { toUser } from './users.ts';

/** A user pool group (Cognito's GroupType without the wire shape). */
export interface Group {
  userPoolId: string;
  /** Unique in its pool, case-sensitive. */
  name: string;
  description?: string;
  roleArn?: string;
  /** Lower wins; absent ranks after every number. */
  precedence?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the token claims need of one of the user's groups. */
export type TokenGroup = Pick<Group, 'name' | 'roleArn' | 'precedence'>;

function toGroup(row: Selectable<GroupTable>): Group {
  return {
    userPoolId: row.user_pool_id,
    name: row.name,
    description: row.description ?? undefined,
    roleArn: row.role_arn ?? undefined,
    precedence: row.precedence == null ? undefined : Number(row.precedence),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** Inserts a group; a unique violation when the pool already has one of that name. */
export async function insertGroup(db: Db, g: Group): Promise<void> {
  await db
    .insertInto('groups')
    .values({
      user_pool_id: g.userPoolId,
      name: g.name,
      description: g.description ?? null,
      role_arn: g.roleArn ?? null,
      precedence: g.precedence ?? null,
      created_at: g.createdAt.getTime(),
      updated_at: g.updatedAt.getTime(),
    })
    .execute();
}

export async function findGroup(db: Db, poolId: string, name: string): Promise<Group | undefined> {
  const row = await db
    .selectFrom('groups')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toGroup(row);
}

/**
 * Sets the given fields and the modification time, leaving the others as they are (so two
 * concurrent updates of different fields both land). False when there is no such group.
 */
export async function updateGroupFields(
  db: Db,
  poolId: string,
  name: string,
  changes: Partial<Pick<Group, 'description' | 'roleArn' | 'precedence'>>,
  updatedAt: number,
): Promise<boolean> {
  const res = await db
    .updateTable('groups')
    .set({
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.roleArn !== undefined && { role_arn: changes.roleArn }),
      ...(changes.precedence !== undefined && { precedence: changes.precedence }),
      updated_at: updatedAt,
    })
    .where('user_pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * Inside a transaction, locks a group's row until commit; false when there is no such group.
 * A membership added under the lock cannot outlive a concurrent DeleteGroup, which deletes
 * (and so waits for) this row before the memberships.
 */
export async function lockGroup(db: Db, poolId: string, name: string): Promise<boolean> {
  const res = await db
    .updateTable('groups')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('user_pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Deletes a group, then every membership in it (see `lockGroup` for why in that order). */
export async function deleteGroup(db: Db, poolId: string, name: string): Promise<void> {
  await db
    .deleteFrom('groups')
    .where('user_pool_id', '=', poolId)
    .where('name', '=', name)
    .execute();
  await db
    .deleteFrom('user_groups')
    .where('user_pool_id', '=', poolId)
    .where('group_name', '=', name)
    .execute();
}

/** A pool's groups by name (the primary key's order), after `afterName`. */
export async function listGroups(
  db: Db,
  poolId: string,
  limit: number,
  afterName?: string,
): Promise<Group[]> {
  let q = db
    .selectFrom('groups')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .orderBy('name')
    .limit(limit);
  if (afterName !== undefined) q = q.where('name', '>', afterName);
  return (await q.execute()).map(toGroup);
}

/** Adds a membership; adding one that exists changes nothing. */
export async function addMember(
  db: Db,
  m: { userPoolId: string; groupName: string; userId: string; createdAt: number },
): Promise<void> {
  await db
    .insertInto('user_groups')
    .values({
      user_pool_id: m.userPoolId,
      group_name: m.groupName,
      user_id: m.userId,
      created_at: m.createdAt,
    })
    .onConflict((oc) => oc.columns(['user_pool_id', 'group_name', 'user_id']).doNothing())
    .execute();
}

export async function removeMember(
  db: Db,
  poolId: string,
  groupName: string,
  userId: string,
): Promise<void> {
  await db
    .deleteFrom('user_groups')
    .where('user_pool_id', '=', poolId)
    .where('group_name', '=', groupName)
    .where('user_id', '=', userId)
    .execute();
}

/** A user's groups by name, after `afterName`. */
export async function listGroupsOfUser(
  db: Db,
  userId: string,
  limit: number,
  afterName?: string,
): Promise<Group[]> {
  let q = db
    .selectFrom('user_groups')
    .innerJoin('groups', (j) =>
      j
        .onRef('groups.user_pool_id', '=', 'user_groups.user_pool_id')
        .onRef('groups.name', '=', 'user_groups.group_name'),
    )
    .selectAll('groups')
    .where('user_groups.user_id', '=', userId)
    .orderBy('user_groups.group_name')
    .limit(limit);
  if (afterName !== undefined) q = q.where('user_groups.group_name', '>', afterName);
  return (await q.execute()).map(toGroup);
}

/**
 * Every group of a user with only what tokens need: one query on the `user_groups_user` index
 * and the groups primary key, since it runs on every sign-in and refresh.
 */
const tokenGroups = precompile<{ userId: string }, TokenGroupRow>((db, p) =>
  selectTokenGroups(db, p('userId')),
);

/** A user's groups with what tokens need (also read inside refresh-tokens' grant statement). */
export function selectTokenGroups(qc: QueryCreator<Database>, userId: string) {
  return qc
    .selectFrom('user_groups')
    .innerJoin('groups', (j) =>
      j
        .onRef('groups.user_pool_id', '=', 'user_groups.user_pool_id')
        .onRef('groups.name', '=', 'user_groups.group_name'),
    )
    .select(['groups.name', 'groups.role_arn', 'groups.precedence'])
    .where('user_groups.user_id', '=', userId);
}

export async function tokenGroupsOfUser(db: Db, userId: string): Promise<TokenGroup[]> {
  return toTokenGroups(await tokenGroups.rows(db, { userId }));
}

/** A row of a token-groups query (see tokenGroups and refresh-tokens' grant statement). */
export interface TokenGroupRow {
  name: string;
  role_arn: string | null;
  precedence: number | null;
}

export function toTokenGroups(rows: TokenGroupRow[]): TokenGroup[] {
  return rows.map((r) => ({
    name: r.name,
    roleArn: r.role_arn ?? undefined,
    precedence: r.precedence == null ? undefined : Number(r.precedence),
  }));
}

/** A group's members ordered by user id (the primary key's order), after `afterUserId`. */
export async function listMembers(
  db: Db,
  poolId: string,
  groupName: string,
  limit: number,
  afterUserId?: string,
): Promise<User[]> {
  let q = db
    .selectFrom('user_groups')
    .innerJoin('users', 'users.id', 'user_groups.user_id')
    .selectAll('users')
    .where('user_groups.user_pool_id', '=', poolId)
    .where('user_groups.group_name', '=', groupName)
    .orderBy('user_groups.user_id')
    .limit(limit);
  if (afterUserId !== undefined) q = q.where('user_groups.user_id', '>', afterUserId);
  return (await q.execute()).map(toUser);
}
