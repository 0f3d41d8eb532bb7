import type { Kysely } from 'kysely';

// Frozen: never edit a landed migration; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('secret_access_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_pools')
    .addColumn('id', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_pool_clients')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('secret', 'varchar(128)')
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_pool_clients_pool')
    .on('user_pool_clients')
    .columns(['user_pool_id', 'id'])
    .execute();
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('signing_keys_pool')
    .on('signing_keys')
    .columns(['user_pool_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('username', 'varchar(128)', (c) => c.notNull())
    // Lower-casing can lengthen a name ('İ' becomes two characters), and PostgreSQL enforces it.
    .addColumn('username_key', 'varchar(256)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('srp_salt', 'varchar(64)')
    .addColumn('srp_verifier', 'varchar(800)')
    .addColumn('password_changed_at', 'bigint')
    .addColumn('tokens_valid_after', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('users_pool_username')
    .on('users')
    .columns(['user_pool_id', 'username_key'])
    .unique()
    .execute();
  await db.schema
    .createTable('user_identifiers')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('value_key', 'varchar(2048)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identifiers_pk', ['user_pool_id', 'kind', 'value_key'])
    .execute();
  await db.schema
    .createIndex('user_identifiers_user')
    .on('user_identifiers')
    .column('user_id')
    .execute();
  await db.schema
    .createTable('codes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(64)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('codes_user_purpose')
    .on('codes')
    .columns(['user_id', 'purpose'])
    .unique()
    .execute();
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('refresh_tokens_user')
    .on('refresh_tokens')
    .column('user_id')
    .execute();
  await db.schema
    .createTable('auth_sessions')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('challenge', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('auth_sessions_expiry')
    .on('auth_sessions')
    .column('expires_at')
    .execute();
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('username', 'varchar(128)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('destination', 'varchar(2048)', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('code', 'varchar(32)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_username').on('outbox').columns(['username', 'id']).execute();
}
