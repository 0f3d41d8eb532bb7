import type { Kysely } from 'kysely';

// Identity pools (CreateIdentityPool), their identities, the logins linked to each identity
// (one identity per pool, provider and subject, for ever: the unique key settles parallel GetId
// calls), and their tags. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_pools')
    // `<region>:<uuid>`.
    .addColumn('id', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    // JSON: AllowUnauthenticatedIdentities, AllowClassicFlow, providers, Roles, RoleMappings.
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('identities')
    // `<region>:<uuid>`.
    .addColumn('id', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('identity_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identities_pool')
    .on('identities')
    .columns(['identity_pool_id', 'id'])
    .execute();
  await db.schema
    .createTable('identity_logins')
    .addColumn('identity_pool_id', 'varchar(55)', (c) => c.notNull())
    // The Logins key (a user pool is stored under its cognito-idp.<region>.amazonaws.com name),
    // or the developer provider name.
    .addColumn('provider', 'varchar(255)', (c) => c.notNull())
    // The subject of the login at that provider (a token's `sub`, a developer user identifier).
    .addColumn('subject', 'varchar(1024)', (c) => c.notNull())
    .addColumn('identity_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_logins_pk', ['identity_pool_id', 'provider', 'subject'])
    .execute();
  await db.schema
    .createIndex('identity_logins_identity')
    .on('identity_logins')
    .column('identity_id')
    .execute();
  await db.schema
    .createTable('identity_pool_tags')
    .addColumn('identity_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('tag_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('tag_value', 'varchar(256)', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_pool_tags_pk', ['identity_pool_id', 'tag_key'])
    .execute();
}
