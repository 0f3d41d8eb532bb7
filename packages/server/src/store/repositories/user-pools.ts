import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { openAtRest, sealAtRest } from '../at-rest.ts';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { UserPoolClientRow, UserPoolRow } from '../tables.ts';
import { fromPrefixed, PREFIXED_USER_COLUMNS, type PrefixedUserRow } from './users.ts';

function toPool(row: UserPoolRow): UserPool {
  const pool: UserPool = {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  if (row.signing_kid) signingKids.set(pool, row.signing_kid);
  return pool;
}

// Beside the model, not in it: responses are built by spreading a pool (DescribeUserPool).
const signingKids = new WeakMap<UserPool, string>();

/**
 * The kid the pool signed with when `pool` was read from the store, if its row names one; the
 * signing key is then known without a query.
 */
export function signingKidOf(pool: UserPool): string | undefined {
  return signingKids.get(pool);
}

function toClient(row: UserPoolClientRow): UserPoolClient {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    name: row.name,
    secret: row.secret == null ? undefined : openAtRest('client secret', row.id, row.secret),
    settings: JSON.parse(row.settings),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

const poolById = precompile<{ id: string }, UserPoolRow>((db, p) =>
  db.selectFrom('user_pools').selectAll().where('id', '=', p('id')),
);

export async function findPool(db: Db, id: string): Promise<UserPool | undefined> {
  const row = await poolById.first(db, { id });
  return row && toPool(row);
}

export async function insertPool(db: Db, pool: UserPool): Promise<void> {
  await db
    .insertInto('user_pools')
    .values({
      id: pool.id,
      name: pool.name,
      settings: JSON.stringify(pool.settings),
      created_at: pool.createdAt.getTime(),
      updated_at: pool.updatedAt.getTime(),
    })
    .execute();
}

export async function updatePool(db: Db, pool: UserPool): Promise<void> {
  await db
    .updateTable('user_pools')
    .set({ settings: JSON.stringify(pool.settings), updated_at: pool.updatedAt.getTime() })
    .where('id', '=', pool.id)
    .execute();
}

/** Pools ordered by id, starting after `afterId`. */
export async function listPools(db: Db, limit: number, afterId?: string): Promise<UserPool[]> {
  let q = db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.execute()).map(toPool);
}

/** Deletes a pool and everything in it. */
export async function deletePool(db: Db, id: string): Promise<void> {
  await db
    .deleteFrom('user_import_chunks')
    .where(
      'job_id',
      'in',
      db.selectFrom('user_import_jobs').select('id').where('user_pool_id', '=', id),
    )
    .execute();
  for (const table of [
    'user_import_jobs',
    'user_pool_domains',
    'resource_servers',
    'ui_customizations',
    'user_groups',
    'groups',
    'auth_events',
    'provider_links',
    'identity_providers',
    'identity_provider_identifiers',
    'upstream_flows',
    'user_search',
    'sign_in_failures',
    'user_mfa',
    'devices',
    'user_identifiers',
    'codes',
    'refresh_tokens',
    'auth_sessions',
    'oauth_codes',
    'hosted_sessions',
    'outbox',
    'signing_keys',
    'users',
    'user_pool_clients',
  ] as const) {
    await db.deleteFrom(table).where('user_pool_id', '=', id).execute();
  }
  await db.deleteFrom('user_pools').where('id', '=', id).execute();
}

export async function countUsers(db: Db, poolId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_pool_id', '=', poolId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const clientById = precompile<{ id: string }, UserPoolClientRow>((db, p) =>
  db.selectFrom('user_pool_clients').selectAll().where('id', '=', p('id')),
);

/** A client's row with its pool's beside it, the pool's columns renamed `pool_*`. */
interface ClientWithPoolRow extends UserPoolClientRow {
  pool_name: string;
  pool_settings: string;
  pool_created_at: number;
  pool_updated_at: number;
  pool_signing_kid: string | null;
}

const CLIENT_AND_POOL_COLUMNS = [
  'c.id',
  'c.user_pool_id',
  'c.name',
  'c.secret',
  'c.settings',
  'c.created_at',
  'c.updated_at',
  'p.name as pool_name',
  'p.settings as pool_settings',
  'p.created_at as pool_created_at',
  'p.updated_at as pool_updated_at',
  'p.signing_kid as pool_signing_kid',
] as const;

// Every user-facing operation names a client and needs its pool: one statement for both is one
// round trip less per request on PostgreSQL.
const clientWithPool = precompile<{ id: string }, ClientWithPoolRow>((db, p) =>
  db
    .selectFrom('user_pool_clients as c')
    .innerJoin('user_pools as p', 'p.id', 'c.user_pool_id')
    .select(CLIENT_AND_POOL_COLUMNS)
    .where('c.id', '=', p('id')),
);

// A sign-in also names its user: the users whose lookup key is the name as typed or lower-cased
// (which of the two counts depends on the pool, known only from this same row) come along.
const clientWithPoolAndUser = precompile<
  { id: string; key: string; lowerKey: string },
  ClientWithPoolRow & PrefixedUserRow
>((db, p) =>
  db
    .selectFrom('user_pool_clients as c')
    .innerJoin('user_pools as p', 'p.id', 'c.user_pool_id')
    .leftJoin('users as u', (j) =>
      j
        .onRef('u.user_pool_id', '=', 'c.user_pool_id')
        .on('u.username_key', 'in', [p('key'), p('lowerKey')]),
    )
    .select([...CLIENT_AND_POOL_COLUMNS, ...PREFIXED_USER_COLUMNS])
    .where('c.id', '=', p('id')),
);

function clientAndPoolOf(row: ClientWithPoolRow): { client: UserPoolClient; pool: UserPool } {
  const pool = toPool({
    id: row.user_pool_id,
    name: row.pool_name,
    settings: row.pool_settings,
    created_at: row.pool_created_at,
    updated_at: row.pool_updated_at,
    signing_kid: row.pool_signing_kid,
  });
  return { client: toClient(row), pool };
}

/** An app client and its pool, read together; undefined when either does not exist. */
export async function findClientWithPool(
  db: Db,
  id: string,
): Promise<{ client: UserPoolClient; pool: UserPool } | undefined> {
  const row = await clientWithPool.first(db, { id });
  return row && clientAndPoolOf(row);
}

/**
 * `findClientWithPool`, and in the same statement the users of the pool whose username lookup
 * key is `name` or `name.toLowerCase()` (none, one, or two in a case-sensitive pool), each with
 * its key, for the caller to pick by the pool's rule.
 */
export async function findClientWithPoolAndUsers(
  db: Db,
  id: string,
  name: string,
): Promise<
  | { client: UserPoolClient; pool: UserPool; users: { user: User; usernameKey: string }[] }
  | undefined
> {
  const rows = await clientWithPoolAndUser.rows(db, {
    id,
    key: name,
    lowerKey: name.toLowerCase(),
  });
  if (rows.length === 0) return undefined;
  const users = rows.flatMap((row) => fromPrefixed(row) ?? []);
  return { ...clientAndPoolOf(rows[0]), users };
}

export async function findClient(db: Db, id: string): Promise<UserPoolClient | undefined> {
  const row = await clientById.first(db, { id });
  return row && toClient(row);
}

export async function insertClient(db: Db, client: UserPoolClient): Promise<void> {
  await db
    .insertInto('user_pool_clients')
    .values({
      id: client.id,
      user_pool_id: client.userPoolId,
      name: client.name,
      secret: client.secret == null ? null : sealAtRest('client secret', client.id, client.secret),
      settings: JSON.stringify(client.settings),
      created_at: client.createdAt.getTime(),
      updated_at: client.updatedAt.getTime(),
    })
    .execute();
}

export async function updateClient(db: Db, client: UserPoolClient): Promise<void> {
  await db
    .updateTable('user_pool_clients')
    .set({
      name: client.name,
      settings: JSON.stringify(client.settings),
      updated_at: client.updatedAt.getTime(),
    })
    .where('id', '=', client.id)
    .execute();
}

export async function listClients(
  db: Db,
  poolId: string,
  limit: number,
  afterId?: string,
): Promise<UserPoolClient[]> {
  let q = db
    .selectFrom('user_pool_clients')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.execute()).map(toClient);
}

export async function deleteClient(db: Db, id: string): Promise<void> {
  await db.deleteFrom('refresh_tokens').where('client_id', '=', id).execute();
  await db.deleteFrom('auth_sessions').where('client_id', '=', id).execute();
  await db.deleteFrom('oauth_codes').where('client_id', '=', id).execute();
  await db.deleteFrom('ui_customizations').where('client_id', '=', id).execute();
  await db.deleteFrom('user_pool_clients').where('id', '=', id).execute();
}
