import type { Kysely } from 'kysely';

// Temporary credentials issued by GetCredentialsForIdentity: one row per AccessKeyId (the secret
// is derived from it, never stored), so online checks can refuse the credentials of a deleted
// identity, a disabled user or a revoked token. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_credentials')
    .addColumn('access_key_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('identity_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('identity_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('role_arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // The login the credentials were issued for (Logins key), null for a guest.
    .addColumn('login_provider', 'varchar(255)')
    .addColumn('login_subject', 'varchar(1024)')
    // Set when the login was an ID token of one of this server's user pools whose provider entry
    // has ServerSideTokenCheck: the credentials then die with the user or the token's grant.
    .addColumn('user_pool_id', 'varchar(55)')
    .addColumn('user_sub', 'varchar(64)')
    .addColumn('origin_jti', 'varchar(64)')
    .execute();
  await db.schema
    .createIndex('identity_credentials_expiry')
    .on('identity_credentials')
    .column('expires_at')
    .execute();
  await db.schema
    .createIndex('identity_credentials_identity')
    .on('identity_credentials')
    .column('identity_id')
    .execute();
}
