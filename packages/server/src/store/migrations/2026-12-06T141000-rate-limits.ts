import type { Kysely } from 'kysely';

// Rate-limit buckets (services/rate-limits/) and the window of a user's code guesses, which
// outlives re-issued codes. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    // The bucket's theoretical arrival time (GCRA), epoch microseconds: full once it is past.
    .addColumn('tat', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_tat').on('rate_limits').column('tat').execute();
  // When the current run of wrong guesses began; 0 for none. A constant default only fills the
  // rows already there (times are otherwise made in code).
  await db.schema
    .alterTable('codes')
    .addColumn('attempts_since', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
