import type { Kysely } from 'kysely';

// The admin console's sign-in sessions: one row per session, found by the SHA-256 of the
// cookie's token (the token itself is never stored). Also an index of auth events by pool and
// time, for the console's activity charts. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('access_key_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    // Idle expiry, pushed forward on use up to absolute_expires_at.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('source_ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(512)')
    .execute();
  await db.schema
    .createIndex('admin_sessions_expiry')
    .on('admin_sessions')
    .column('expires_at')
    .execute();
  await db.schema
    .createIndex('auth_events_pool_time')
    .on('auth_events')
    .columns(['user_pool_id', 'created_at'])
    .execute();
}
