import type { User, UserStatus } from '../../model/user.ts';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import { searchEntries } from '../search-keys.ts';
import type { UserRow } from '../tables.ts';

/** Maps a `users` row to the domain User (also for joins that select the whole row). */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    username: row.username,
    status: row.status as UserStatus,
    enabled: Number(row.enabled) === 1,
    attributes: JSON.parse(row.attributes),
    srp:
      row.srp_salt && row.srp_verifier
        ? { salt: row.srp_salt, verifier: row.srp_verifier }
        : undefined,
    passwordChangedAt:
      row.password_changed_at == null ? undefined : Number(row.password_changed_at),
    tokensValidAfter: Number(row.tokens_valid_after),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/**
 * A `users` row joined into another query under the alias `u`, its columns renamed `u_*` so
 * they cannot clash with the other table's; all null when the join found no user.
 */
export const PREFIXED_USER_COLUMNS = [
  'u.id as u_id',
  'u.user_pool_id as u_user_pool_id',
  'u.username as u_username',
  'u.username_key as u_username_key',
  'u.status as u_status',
  'u.enabled as u_enabled',
  'u.attributes as u_attributes',
  'u.srp_salt as u_srp_salt',
  'u.srp_verifier as u_srp_verifier',
  'u.password_changed_at as u_password_changed_at',
  'u.tokens_valid_after as u_tokens_valid_after',
  'u.created_at as u_created_at',
  'u.updated_at as u_updated_at',
] as const;

/** The columns of PREFIXED_USER_COLUMNS, null when no user was joined. */
export type PrefixedUserRow = { [K in keyof UserRow as `u_${K}`]: UserRow[K] | null };

/** The user of a row selected with PREFIXED_USER_COLUMNS, with its lookup key; undefined: none. */
export function fromPrefixed(
  row: PrefixedUserRow,
): { user: User; usernameKey: string } | undefined {
  if (row.u_id == null) return undefined;
  const user = toUser({
    id: row.u_id,
    user_pool_id: row.u_user_pool_id as string,
    username: row.u_username as string,
    username_key: row.u_username_key as string,
    status: row.u_status as string,
    enabled: row.u_enabled as number,
    attributes: row.u_attributes as string,
    srp_salt: row.u_srp_salt,
    srp_verifier: row.u_srp_verifier,
    password_changed_at: row.u_password_changed_at,
    tokens_valid_after: row.u_tokens_valid_after as number,
    created_at: row.u_created_at as number,
    updated_at: row.u_updated_at as number,
  });
  return { user, usernameKey: row.u_username_key as string };
}

function toRow(user: User, usernameKey: string): UserRow {
  return {
    id: user.id,
    user_pool_id: user.userPoolId,
    username: user.username,
    username_key: usernameKey,
    status: user.status,
    enabled: user.enabled ? 1 : 0,
    attributes: JSON.stringify(user.attributes),
    srp_salt: user.srp?.salt ?? null,
    srp_verifier: user.srp?.verifier ?? null,
    password_changed_at: user.passwordChangedAt ?? null,
    tokens_valid_after: user.tokensValidAfter,
    created_at: user.createdAt.getTime(),
    updated_at: user.updatedAt.getTime(),
  };
}

export async function findUserByUsernameKey(
  db: Db,
  poolId: string,
  usernameKey: string,
): Promise<User | undefined> {
  const row = await userByKey.first(db, { poolId, usernameKey });
  return row && toUser(row);
}

const userByKey = precompile<{ poolId: string; usernameKey: string }, UserRow>((db, p) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('user_pool_id', '=', p('poolId'))
    .where('username_key', '=', p('usernameKey')),
);

const userById = precompile<{ id: string }, UserRow>((db, p) =>
  db.selectFrom('users').selectAll().where('id', '=', p('id')),
);

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const row = await userById.first(db, { id });
  return row && toUser(row);
}

/** Finds the user owning a sign-in identifier (email, phone_number, preferred_username). */
export async function findUserByIdentifier(
  db: Db,
  poolId: string,
  kind: string,
  valueKey: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom('user_identifiers')
    .innerJoin('users', 'users.id', 'user_identifiers.user_id')
    .selectAll('users')
    .where('user_identifiers.user_pool_id', '=', poolId)
    .where('user_identifiers.kind', '=', kind)
    .where('user_identifiers.value_key', '=', valueKey)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function insertUser(db: Db, user: User, usernameKey: string): Promise<void> {
  await db.insertInto('users').values(toRow(user, usernameKey)).execute();
  await insertSearchRows(db, [user]);
}

export async function saveUser(db: Db, user: User): Promise<void> {
  const { id, username_key: _k, user_pool_id: _p, created_at: _c, ...rest } = toRow(user, '');
  await db.updateTable('users').set(rest).where('id', '=', id).execute();
  await syncSearchRows(db, user);
}

/**
 * Inserts many new users at once (bulk loads and imports): multi-row statements in chunks, each
 * user with its search index rows. Run it inside a transaction; `usernameKey` as for insertUser.
 */
export async function insertUsers(
  db: Db,
  users: readonly { user: User; usernameKey: string }[],
): Promise<void> {
  // 13 columns x 500 rows stays far below SQLite's 32766 bound parameters per statement.
  for (let i = 0; i < users.length; i += 500) {
    const chunk = users.slice(i, i + 500);
    await db
      .insertInto('users')
      .values(chunk.map((u) => toRow(u.user, u.usernameKey)))
      .execute();
    await insertSearchRows(
      db,
      chunk.map((u) => u.user),
    );
  }
}

/** Adds the ListUsers search index rows of new users (one statement per 2000 rows). */
async function insertSearchRows(db: Db, users: readonly User[]): Promise<void> {
  const rows = users.flatMap((user) =>
    searchEntries(user.attributes).map((e) => ({
      user_pool_id: user.userPoolId,
      name: e.name,
      value: e.value,
      user_id: user.id,
    })),
  );
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insertInto('user_search')
      .values(rows.slice(i, i + 2000))
      .execute();
  }
}

/**
 * Brings a saved user's search index rows in line with their attributes. Most saves (sign-in,
 * password, status) change no searchable attribute: one indexed read, and no write.
 */
async function syncSearchRows(db: Db, user: User): Promise<void> {
  const wanted = searchEntries(user.attributes);
  const stored = await db
    .selectFrom('user_search')
    .select(['name', 'value'])
    .where('user_id', '=', user.id)
    .execute();
  const same =
    stored.length === wanted.length &&
    wanted.every((w) => stored.some((s) => s.name === w.name && s.value === w.value));
  if (same) return;
  await db.deleteFrom('user_search').where('user_id', '=', user.id).execute();
  await insertSearchRows(db, [user]);
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  for (const table of [
    'user_identifiers',
    'codes',
    'refresh_tokens',
    'auth_sessions',
    'oauth_codes',
    'hosted_sessions',
    'user_groups',
    'auth_events',
    'provider_links',
    'user_search',
    'sign_in_failures',
    'user_mfa',
    'devices',
  ] as const) {
    await db.deleteFrom(table).where('user_id', '=', id).execute();
  }
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Removes every sign-in identifier of the user. */
export async function deleteIdentifiers(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_identifiers').where('user_id', '=', userId).execute();
}

/** Removes one sign-in identifier, whoever holds it. */
export async function deleteIdentifier(
  db: Db,
  poolId: string,
  kind: string,
  valueKey: string,
): Promise<void> {
  await db
    .deleteFrom('user_identifiers')
    .where('user_pool_id', '=', poolId)
    .where('kind', '=', kind)
    .where('value_key', '=', valueKey)
    .execute();
}

/** Adds one sign-in identifier; a unique violation when another user holds it. */
export async function insertIdentifier(
  db: Db,
  user: Pick<User, 'id' | 'userPoolId'>,
  identifier: { kind: string; valueKey: string },
): Promise<void> {
  await db
    .insertInto('user_identifiers')
    .values({
      user_pool_id: user.userPoolId,
      kind: identifier.kind,
      value_key: identifier.valueKey,
      user_id: user.id,
    })
    .execute();
}

/** The user id holding an identifier, if any. */
export async function identifierOwner(
  db: Db,
  poolId: string,
  kind: string,
  valueKey: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_identifiers')
    .select('user_id')
    .where('user_pool_id', '=', poolId)
    .where('kind', '=', kind)
    .where('value_key', '=', valueKey)
    .executeTakeFirst();
  return row?.user_id;
}
