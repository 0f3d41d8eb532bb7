import type { Kysely } from 'kysely';

// Indexes for housekeeping's retention deletes (auth events by age, refresh tokens by expiry), so
// each sweep is a range delete rather than a scan of the whole table. Frozen once landed; add a
// new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('auth_events_created')
    .on('auth_events')
    .columns(['created_at'])
    .execute();
  await db.schema
    .createIndex('refresh_tokens_expiry')
    .on('refresh_tokens')
    .columns(['expires_at'])
    .execute();
}
