import type { Kysely } from 'kysely';

// Pool domains (CreateUserPoolDomain), resource servers and their custom scopes
// (CreateResourceServer), and hosted-UI branding (SetUICustomization). Frozen once landed; add a
// new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_pool_domains')
    // Domain names are global across pools, as on Cognito: the primary key settles a race
    // between two CreateUserPoolDomain calls for one name.
    .addColumn('domain', 'varchar(253)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    // 'prefix' or 'custom': a pool has at most one of each.
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('certificate_arn', 'varchar(2048)')
    .addColumn('managed_login_version', 'integer', (c) => c.notNull())
    .addColumn('version', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_pool_domains_pool_kind')
    .on('user_pool_domains')
    .columns(['user_pool_id', 'kind'])
    .unique()
    .execute();
  await db.schema
    .createTable('resource_servers')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('identifier', 'varchar(256)', (c) => c.notNull())
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    // JSON: [{ ScopeName, ScopeDescription }]
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_servers_pk', ['user_pool_id', 'identifier'])
    .execute();
  await db.schema
    .createTable('ui_customizations')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    // An app client id, or 'ALL' for the pool's default.
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('css', 'text')
    .addColumn('css_version', 'varchar(64)')
    // The logo: base64 bytes, its media type, and a random id that names it in its URL (a new
    // image gets a new URL, so caches never serve the old one).
    .addColumn('image', 'text')
    .addColumn('image_type', 'varchar(32)')
    .addColumn('image_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_customizations_pk', ['user_pool_id', 'client_id'])
    .execute();
}
