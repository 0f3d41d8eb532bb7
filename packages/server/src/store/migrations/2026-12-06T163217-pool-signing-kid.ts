import { type Kysely, sql } from 'kysely';

// The kid a pool signs with, on the pool's row: every request reads that row already, so
// signing needs no query of its own. Kept in step with `signing_keys` by the statements that add
// or rotate keys; a null or stale value makes the server look the key up as before. Frozen once
// landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_pools').addColumn('signing_kid', 'text').execute();
  await sql`update user_pools set signing_kid = (
    select kid from signing_keys
    where signing_keys.user_pool_id = user_pools.id and signing_keys.retired_at is null
    order by signing_keys.created_at desc, signing_keys.kid desc limit 1
  )`.execute(db);
}
