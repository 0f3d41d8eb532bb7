import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { ResourceServerTable } from '../tables.ts';

/** A custom scope of a resource server. */
export interface ResourceServerScope {
  ScopeName: string;
  ScopeDescription: string;
}

/** A resource server of a pool (CreateResourceServer). */
export interface ResourceServerRecord {
  userPoolId: string;
  identifier: string;
  name: string;
  scopes: ResourceServerScope[];
  createdAt: number;
  updatedAt: number;
}

function toRecord(row: Selectable<ResourceServerTable>): ResourceServerRecord {
  return {
    userPoolId: row.user_pool_id,
    identifier: row.identifier,
    name: row.name,
    scopes: JSON.parse(row.scopes),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Inserts a resource server; a unique violation means the identifier is taken in the pool. */
export async function insertResourceServer(db: Db, r: ResourceServerRecord): Promise<void> {
  await db
    .insertInto('resource_servers')
    .values({
      user_pool_id: r.userPoolId,
      identifier: r.identifier,
      name: r.name,
      scopes: JSON.stringify(r.scopes),
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })
    .execute();
}

export async function findResourceServer(
  db: Db,
  userPoolId: string,
  identifier: string,
): Promise<ResourceServerRecord | undefined> {
  const row = await db
    .selectFrom('resource_servers')
    .selectAll()
    .where('user_pool_id', '=', userPoolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** A pool's resource servers by identifier, after `after`, at most `limit` (all without one). */
export async function listResourceServers(
  db: Db,
  userPoolId: string,
  limit?: number,
  after?: string,
): Promise<ResourceServerRecord[]> {
  let q = db
    .selectFrom('resource_servers')
    .selectAll()
    .where('user_pool_id', '=', userPoolId)
    .orderBy('identifier');
  if (after !== undefined) q = q.where('identifier', '>', after);
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map(toRecord);
}

export async function countResourceServers(db: Db, userPoolId: string): Promise<number> {
  const row = await db
    .selectFrom('resource_servers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_pool_id', '=', userPoolId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateResourceServer(db: Db, r: ResourceServerRecord): Promise<void> {
  await db
    .updateTable('resource_servers')
    .set({ name: r.name, scopes: JSON.stringify(r.scopes), updated_at: r.updatedAt })
    .where('user_pool_id', '=', r.userPoolId)
    .where('identifier', '=', r.identifier)
    .execute();
}

export async function deleteResourceServer(
  db: Db,
  userPoolId: string,
  identifier: string,
): Promise<void> {
  await db
    .deleteFrom('resource_servers')
    .where('user_pool_id', '=', userPoolId)
    .where('identifier', '=', identifier)
    .execute();
}
