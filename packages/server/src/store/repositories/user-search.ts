// ListUsers queries. Each one walks an index in order from a keyset position (never OFFSET), so
// a page costs the same at any depth and pool size, and users added or deleted between pages
// neither repeat nor hide the others.
import { sql } from 'kysely';
import type { User } from '../../model/user.ts';
import type { Db } from '../open.ts';
import type { UserRow } from '../tables.ts';
import { toUser } from './users.ts';

/** An exact match or a prefix match on one key. */
export interface KeyMatch {
  op: '=' | '^=';
  key: string;
}

/** A user with the key it was found under, for the next page's keyset position. */
export interface Keyed<K> {
  user: User;
  key: K;
}

/** Search index position: the stored value and the user id (the index's own order). */
export type SearchKey = [value: string, userId: string];

// The largest code point: prefix + MAX_CHAR bounds every string that starts with the prefix in
// code-point order (SQLite BINARY; PostgreSQL "C", as user_search.value is declared there).
const MAX_CHAR = '\u{10FFFF}';

/**
 * Users in username order (index users(user_pool_id, username_key)), optionally with a
 * username_key equal to or starting with `match.key`.
 */
export function byUsernameQuery(
  db: Db,
  poolId: string,
  match: KeyMatch | undefined,
  after: string | undefined,
  limit: number,
) {
  let q = db.selectFrom('users').selectAll().where('user_pool_id', '=', poolId);
  if (match?.op === '=') q = q.where('username_key', '=', match.key);
  else if (match) q = q.where('username_key', '<', match.key + MAX_CHAR);
  // The position lies inside the prefix range (tokens are signed), so it replaces the range's
  // lower bound: given both, SQLite may seek with the prefix and filter its way to the position.
  if (after !== undefined) q = q.where('username_key', '>', after);
  else if (match?.op === '^=') q = q.where('username_key', '>=', match.key);
  return q.orderBy('username_key').limit(limit);
}

/** Users by `sub` (the users primary key), equal to or starting with `match.key`, in id order. */
export function bySubQuery(
  db: Db,
  poolId: string,
  match: KeyMatch,
  after: string | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('users')
    .selectAll()
    // An expression, not the bare column: SQLite would otherwise walk the whole pool on a
    // (user_pool_id, …) index and sort it, rather than the id range. Ids are unique across pools.
    .where(sql`${sql.ref('user_pool_id')} || ''`, '=', poolId);
  if (match.op === '=') q = q.where('id', '=', match.key);
  else q = q.where('id', '<', match.key + MAX_CHAR);
  // As in byUsernameQuery: the position replaces the lower bound.
  if (after !== undefined) q = q.where('id', '>', after);
  else if (match.op === '^=') q = q.where('id', '>=', match.key);
  return q.orderBy('id').limit(limit);
}

/**
 * Users whose `status` (or `enabled`) is one of `values`, in username order, on the index
 * users(user_pool_id, status|enabled, username_key). Several values are several ordered index
 * walks of at most `limit` rows each, merged by the database: no sort of the whole pool.
 */
export function byStateQuery(
  db: Db,
  poolId: string,
  column: 'status' | 'enabled',
  values: readonly (string | number)[],
  after: string | undefined,
  limit: number,
) {
  const walk = (value: string | number) => {
    let q = db
      .selectFrom('users')
      .selectAll()
      .where('user_pool_id', '=', poolId)
      .where(column, '=', value as never);
    if (after !== undefined) q = q.where('username_key', '>', after);
    return q.orderBy('username_key').limit(limit);
  };
  if (values.length === 1) return walk(values[0]);
  // SQLite accepts ORDER BY / LIMIT inside a compound SELECT only in a subquery.
  const parts = values.map((v, i) => db.selectFrom(walk(v).as(`w${i}`)).selectAll());
  const merged = parts.slice(1).reduce((all, part) => all.unionAll(part), parts[0]);
  return db.selectFrom(merged.as('m')).selectAll().orderBy('username_key').limit(limit);
}

/**
 * Users with an indexed attribute (user_search) whose stored key equals or starts with
 * `match.key`, in (value, user_id) order, after the position `after`.
 */
export function bySearchQuery(
  db: Db,
  poolId: string,
  name: string,
  match: KeyMatch,
  after: SearchKey | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('user_search as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select('s.value as search_value')
    .where('s.user_pool_id', '=', poolId)
    .where('s.name', '=', name);
  // The index seeks straight to the position: on `user_id` among equal values, on the row value
  // (value, user_id) in a prefix range, where it replaces the range's lower bound (a scalar bound
  // beside it would make SQLite seek with that and filter its way to the position).
  if (match.op === '=') {
    q = q.where('s.value', '=', match.key);
    if (after) q = q.where('s.user_id', '>', after[1]);
  } else {
    q = q.where('s.value', '<', match.key + MAX_CHAR);
    if (after) {
      q = q.where((eb) =>
        eb(eb.refTuple('s.value', 's.user_id'), '>', eb.tuple(after[0], after[1])),
      );
    } else {
      q = q.where('s.value', '>=', match.key);
    }
  }
  return q.orderBy('s.value').orderBy('s.user_id').limit(limit);
}

/** Runs byUsernameQuery; each user keyed by its username_key. */
export async function listByUsername(
  db: Db,
  poolId: string,
  match: KeyMatch | undefined,
  after: string | undefined,
  limit: number,
): Promise<Keyed<string>[]> {
  const rows = await byUsernameQuery(db, poolId, match, after, limit).execute();
  return rows.map((row) => ({ user: toUser(row), key: row.username_key }));
}

/** Runs bySubQuery; each user keyed by its id. */
export async function listBySub(
  db: Db,
  poolId: string,
  match: KeyMatch,
  after: string | undefined,
  limit: number,
): Promise<Keyed<string>[]> {
  const rows = await bySubQuery(db, poolId, match, after, limit).execute();
  return rows.map((row) => ({ user: toUser(row), key: row.id }));
}

/** Runs byStateQuery; each user keyed by its username_key. */
export async function listByState(
  db: Db,
  poolId: string,
  column: 'status' | 'enabled',
  values: readonly (string | number)[],
  after: string | undefined,
  limit: number,
): Promise<Keyed<string>[]> {
  if (values.length === 0) return [];
  const rows = (await byStateQuery(
    db,
    poolId,
    column,
    values,
    after,
    limit,
  ).execute()) as UserRow[];
  return rows.map((row) => ({ user: toUser(row), key: row.username_key }));
}

/** Runs bySearchQuery; each user keyed by its index position. */
export async function listBySearch(
  db: Db,
  poolId: string,
  name: string,
  match: KeyMatch,
  after: SearchKey | undefined,
  limit: number,
): Promise<Keyed<SearchKey>[]> {
  const rows = await bySearchQuery(db, poolId, name, match, after, limit).execute();
  return rows.map(({ search_value, ...row }) => ({
    user: toUser(row),
    key: [search_value, row.id],
  }));
}
