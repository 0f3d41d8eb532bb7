import type { Kysely } from 'kysely';

// Each user's MFA settings: which factors are on and preferred, and the authenticator-app secret
// (encrypted by the server, never in clear). Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_mfa')
    .addColumn('user_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('sms_enabled', 'integer', (c) => c.notNull())
    .addColumn('totp_enabled', 'integer', (c) => c.notNull())
    .addColumn('email_enabled', 'integer', (c) => c.notNull())
    .addColumn('preferred', 'varchar(32)')
    // Set once the user's MFA preferences were set (SetUserMFAPreference and its admin form):
    // only then does Cognito report UserMFASettingList.
    .addColumn('preferences_set', 'integer', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_pending', 'text')
    // The last TOTP time step accepted: a code is good once, and never for an earlier step.
    .addColumn('totp_last_step', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_mfa_pool').on('user_mfa').column('user_pool_id').execute();
}
