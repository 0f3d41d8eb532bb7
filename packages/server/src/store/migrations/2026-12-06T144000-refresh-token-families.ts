import type { Kysely } from 'kysely';

// Refresh-token rotation (an app client's RefreshTokenRotation): each refresh token a rotation
// hands out is a row of its own, in the family of the sign-in it descends from, so a reused old
// token can revoke them all. `family_id` names the sign-in's row (null: the row is the sign-in
// itself); `rotated_at` is when the token was exchanged for its successor. Frozen once landed;
// add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').addColumn('family_id', 'text').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('rotated_at', 'bigint').execute();
  await db.schema
    .createIndex('refresh_tokens_family')
    .on('refresh_tokens')
    .columns(['family_id'])
    .execute();
}
