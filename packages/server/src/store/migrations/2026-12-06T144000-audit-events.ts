import type { Kysely } from 'kysely';

// The audit log of admin operations (CognateListAuditEvents): who called which operation on
// what, with what outcome, when and from where. Never a password, secret, token or code. Frozen
// once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('access_key_id', 'text')
    .addColumn('console_session_id', 'text')
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('user_pool_id', 'text')
    .addColumn('target_username', 'text')
    .addColumn('target_client_id', 'text')
    .addColumn('target_group', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema
    .createIndex('audit_events_created')
    .on('audit_events')
    .columns(['created_at', 'id'])
    .execute();
}
