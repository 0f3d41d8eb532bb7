import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { IdentityPoolTable, IdentityTable } from '../tables.ts';

/** An identity pool as stored: its settings are the service's JSON. */
export interface IdentityPoolRecord {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** An identity of an identity pool. */
export interface IdentityRecord {
  id: string;
  identityPoolId: string;
  createdAt: number;
  updatedAt: number;
}

/** A login linked to an identity. */
export interface IdentityLoginRecord {
  identityPoolId: string;
  provider: string;
  subject: string;
  identityId: string;
  createdAt: number;
}

function toPool(row: Selectable<IdentityPoolTable>): IdentityPoolRecord {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toIdentity(row: Selectable<IdentityTable>): IdentityRecord {
  return {
    id: row.id,
    identityPoolId: row.identity_pool_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertIdentityPool(db: Db, p: IdentityPoolRecord): Promise<void> {
  await db
    .insertInto('identity_pools')
    .values({
      id: p.id,
      name: p.name,
      settings: JSON.stringify(p.settings),
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })
    .execute();
}

export async function updateIdentityPool(db: Db, p: IdentityPoolRecord): Promise<void> {
  await db
    .updateTable('identity_pools')
    .set({ name: p.name, settings: JSON.stringify(p.settings), updated_at: p.updatedAt })
    .where('id', '=', p.id)
    .execute();
}

export async function findIdentityPool(
  db: Db,
  id: string,
): Promise<IdentityPoolRecord | undefined> {
  const row = await db
    .selectFrom('identity_pools')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toPool(row);
}

/** Identity pools by id after `after`, at most `limit`. */
export async function listIdentityPools(
  db: Db,
  limit: number,
  after?: string,
): Promise<IdentityPoolRecord[]> {
  let q = db.selectFrom('identity_pools').selectAll().orderBy('id').limit(limit);
  if (after !== undefined) q = q.where('id', '>', after);
  return (await q.execute()).map(toPool);
}

/** Deletes a pool with its identities, logins and tags; false when there was no such pool. */
export async function deleteIdentityPool(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom('identity_logins').where('identity_pool_id', '=', id).execute();
  await db.deleteFrom('identities').where('identity_pool_id', '=', id).execute();
  await db.deleteFrom('identity_pool_tags').where('identity_pool_id', '=', id).execute();
  const res = await db.deleteFrom('identity_pools').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function insertIdentity(db: Db, i: IdentityRecord): Promise<void> {
  await db
    .insertInto('identities')
    .values({
      id: i.id,
      identity_pool_id: i.identityPoolId,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    })
    .execute();
}

export async function touchIdentity(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('identities').set({ updated_at: now }).where('id', '=', id).execute();
}

export async function findIdentity(db: Db, id: string): Promise<IdentityRecord | undefined> {
  const row = await db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toIdentity(row);
}

/** A pool's identities by id after `after`, at most `limit`. */
export async function listIdentities(
  db: Db,
  identityPoolId: string,
  limit: number,
  after?: string,
): Promise<IdentityRecord[]> {
  let q = db
    .selectFrom('identities')
    .selectAll()
    .where('identity_pool_id', '=', identityPoolId)
    .orderBy('id')
    .limit(limit);
  if (after !== undefined) q = q.where('id', '>', after);
  return (await q.execute()).map(toIdentity);
}

/** Deletes identities and their logins. */
export async function deleteIdentities(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('identity_logins').where('identity_id', 'in', ids).execute();
  await db.deleteFrom('identities').where('id', 'in', ids).execute();
}

/** The logins of identities, in the order they were linked. */
export async function loginsOf(db: Db, identityIds: string[]): Promise<IdentityLoginRecord[]> {
  if (identityIds.length === 0) return [];
  const rows = await db
    .selectFrom('identity_logins')
    .selectAll()
    .where('identity_id', 'in', identityIds)
    .orderBy('created_at')
    .orderBy('provider')
    .execute();
  return rows.map((r) => ({
    identityPoolId: r.identity_pool_id,
    provider: r.provider,
    subject: r.subject,
    identityId: r.identity_id,
    createdAt: Number(r.created_at),
  }));
}

/** The identity a login is linked to in a pool. */
export async function findLogin(
  db: Db,
  identityPoolId: string,
  provider: string,
  subject: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('identity_logins')
    .select('identity_id')
    .where('identity_pool_id', '=', identityPoolId)
    .where('provider', '=', provider)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.identity_id;
}

/**
 * Links a login to an identity unless the login is already linked (to any identity); returns
 * the identity it is linked to afterwards. A parallel caller linking the same login waits for
 * the first one's commit on PostgreSQL and then sees its row, so both answer the same identity.
 */
export async function linkLogin(db: Db, l: IdentityLoginRecord): Promise<string> {
  await db
    .insertInto('identity_logins')
    .values({
      identity_pool_id: l.identityPoolId,
      provider: l.provider,
      subject: l.subject,
      identity_id: l.identityId,
      created_at: l.createdAt,
    })
    .onConflict((oc) => oc.columns(['identity_pool_id', 'provider', 'subject']).doNothing())
    .execute();
  return (await findLogin(db, l.identityPoolId, l.provider, l.subject)) ?? l.identityId;
}

/** Moves every login of `from` to `to` (a merge). */
export async function moveLogins(db: Db, from: string, to: string): Promise<void> {
  await db
    .updateTable('identity_logins')
    .set({ identity_id: to })
    .where('identity_id', '=', from)
    .execute();
}

/** Unlinks logins of an identity. */
export async function unlinkLogins(
  db: Db,
  identityId: string,
  logins: { provider: string; subject: string }[],
): Promise<void> {
  for (const l of logins) {
    await db
      .deleteFrom('identity_logins')
      .where('identity_id', '=', identityId)
      .where('provider', '=', l.provider)
      .where('subject', '=', l.subject)
      .execute();
  }
}

/** Deletes every login of a provider in a pool linked to an identity (UnlinkIdentity by provider). */
export async function unlinkProvider(db: Db, identityId: string, provider: string): Promise<void> {
  await db
    .deleteFrom('identity_logins')
    .where('identity_id', '=', identityId)
    .where('provider', '=', provider)
    .execute();
}

export async function listTags(db: Db, identityPoolId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('identity_pool_tags')
    .select(['tag_key', 'tag_value'])
    .where('identity_pool_id', '=', identityPoolId)
    .orderBy('tag_key')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
}

/** Sets tags (adding or replacing each key). */
export async function putTags(
  db: Db,
  identityPoolId: string,
  tags: Record<string, string>,
): Promise<void> {
  for (const [key, value] of Object.entries(tags)) {
    await db
      .insertInto('identity_pool_tags')
      .values({ identity_pool_id: identityPoolId, tag_key: key, tag_value: value })
      .onConflict((oc) =>
        oc.columns(['identity_pool_id', 'tag_key']).doUpdateSet({ tag_value: value }),
      )
      .execute();
  }
}

export async function removeTags(db: Db, identityPoolId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('identity_pool_tags')
    .where('identity_pool_id', '=', identityPoolId)
    .where('tag_key', 'in', keys)
    .execute();
}

/** Replaces all tags of a pool (UpdateIdentityPool's IdentityPoolTags). */
export async function replaceTags(
  db: Db,
  identityPoolId: string,
  tags: Record<string, string>,
): Promise<void> {
  await db
    .deleteFrom('identity_pool_tags')
    .where('identity_pool_id', '=', identityPoolId)
    .execute();
  await putTags(db, identityPoolId, tags);
}
