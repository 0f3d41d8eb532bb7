import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Users and groups management: groups, memberships, sign-in history, provider links, the search
// index behind ListUsers filters, and user import jobs. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'varchar(2048)')
    .addColumn('role_arn', 'varchar(2048)')
    .addColumn('precedence', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['user_pool_id', 'name'])
    .execute();
  await db.schema
    .createTable('user_groups')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('group_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_groups_pk', ['user_pool_id', 'group_name', 'user_id'])
    .execute();
  await db.schema.createIndex('user_groups_user').on('user_groups').column('user_id').execute();

  await db.schema
    .createTable('auth_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('event_response', 'varchar(16)', (c) => c.notNull())
    .addColumn('challenges', 'text', (c) => c.notNull()) // JSON: ChallengeResponseType[]
    .addColumn('context', 'text') // JSON: EventContextDataType
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('auth_events_user')
    .on('auth_events')
    .columns(['user_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('provider_links')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('provider_name', 'varchar(32)', (c) => c.notNull())
    .addColumn('provider_attribute_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('provider_attribute_value', 'varchar(2048)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('provider_links_pk', [
      'user_pool_id',
      'provider_name',
      'provider_attribute_value',
    ])
    .execute();
  await db.schema
    .createIndex('provider_links_user')
    .on('provider_links')
    .column('user_id')
    .execute();

  // One row per searchable attribute value (ListUsers filters), so `=` and `^=` are index range
  // scans at any pool size. `value` holds the lookup form, cut to a length every btree accepts;
  // the service re-checks candidates against the stored attributes. A prefix is the range
  // [prefix, prefix + U+10FFFF), which holds only in code-point order: SQLite's default (BINARY)
  // compares so, PostgreSQL only under the "C" collation, whatever the database's default is.
  const codePointOrder =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`varchar(256) collate "C"`
      : sql`varchar(256)`;
  await db.schema
    .createTable('user_search')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', codePointOrder, (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_search_pk', ['user_pool_id', 'name', 'value', 'user_id'])
    .execute();
  await db.schema.createIndex('user_search_user').on('user_search').column('user_id').execute();
  await db.schema
    .createIndex('users_pool_status')
    .on('users')
    .columns(['user_pool_id', 'status', 'username_key'])
    .execute();
  await db.schema
    .createIndex('users_pool_enabled')
    .on('users')
    .columns(['user_pool_id', 'enabled', 'username_key'])
    .execute();

  await db.schema
    .createTable('user_import_jobs')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('job_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('role_arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('upload_token_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('uploaded_bytes', 'bigint', (c) => c.notNull())
    .addColumn('imported_users', 'bigint', (c) => c.notNull())
    .addColumn('skipped_users', 'bigint', (c) => c.notNull())
    .addColumn('failed_users', 'bigint', (c) => c.notNull())
    .addColumn('completion_message', 'varchar(1024)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    // Refreshed by the process running the job; a stale one means that process went away.
    .addColumn('heartbeat_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('user_import_jobs_pool')
    .on('user_import_jobs')
    .columns(['user_pool_id', 'created_at', 'id'])
    .execute();
  // The uploaded CSV, stored in pieces so any instance can run the job and none holds the file.
  await db.schema
    .createTable('user_import_chunks')
    .addColumn('job_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_import_chunks_pk', ['job_id', 'seq'])
    .execute();
}
