import type { User, UserStatus } from '../../services/model.ts';
import type { Db } from '../open.ts';
import type { UserRow } from '../tables.ts';

function toUser(row: UserRow): User {
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
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('user_pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
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
}

export async function saveUser(db: Db, user: User): Promise<void> {
  const { id, username_key: _k, user_pool_id: _p, created_at: _c, ...rest } = toRow(user, '');
  await db.updateTable('users').set(rest).where('id', '=', id).execute();
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  for (const table of [
    'user_identifiers',
    'codes',
    'refresh_tokens',
    'auth_sessions',
    'user_groups',
    'auth_events',
    'provider_links',
    'user_search',
  ] as const) {
    await db.deleteFrom(table).where('user_id', '=', id).execute();
  }
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Removes every sign-in identifier of the user. */
export async function deleteIdentifiers(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_identifiers').where('user_id', '=', userId).execute();
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
