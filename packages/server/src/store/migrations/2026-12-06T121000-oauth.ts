import type { Kysely } from 'kysely';

// The OAuth 2.0 side: authorization codes between /oauth2/authorize and /oauth2/token, hosted-UI
// sessions (the `session` cookie), and the scopes a refresh grant was given. Frozen once landed;
// add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oauth_codes')
    // SHA-256 of the code (hex): the code itself is never stored.
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'varchar(128)')
    .addColumn('code_challenge_method', 'varchar(8)')
    .addColumn('identity_provider', 'varchar(128)')
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // Set when redeemed; a second redemption finds it set and revokes what the first issued.
    .addColumn('consumed_at', 'bigint')
    .addColumn('grant_id', 'varchar(64)')
    .execute();
  await db.schema
    .createIndex('oauth_codes_pool')
    .on('oauth_codes')
    .column('user_pool_id')
    .execute();
  await db.schema.createIndex('oauth_codes_user').on('oauth_codes').column('user_id').execute();
  await db.schema
    .createIndex('oauth_codes_expiry')
    .on('oauth_codes')
    .column('expires_at')
    .execute();
  await db.schema
    .createTable('hosted_sessions')
    // SHA-256 of the cookie value (hex).
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hosted_sessions_pool')
    .on('hosted_sessions')
    .column('user_pool_id')
    .execute();
  await db.schema
    .createIndex('hosted_sessions_user')
    .on('hosted_sessions')
    .column('user_id')
    .execute();
  // Space-separated OAuth scopes of a grant from the OAuth endpoints; null for the user-pool
  // API's sign-ins (aws.cognito.signin.user.admin only).
  await db.schema.alterTable('refresh_tokens').addColumn('scopes', 'text').execute();
}
