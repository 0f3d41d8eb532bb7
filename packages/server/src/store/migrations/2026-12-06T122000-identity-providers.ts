import type { Kysely } from 'kysely';

// Identity providers of a pool (CreateIdentityProvider), their IdpIdentifiers (unique per pool),
// and upstream sign-ins under way (state, nonce and PKCE verifier of a redirect to a provider).
// Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('provider_name', 'varchar(32)', (c) => c.notNull())
    .addColumn('provider_type', 'varchar(32)', (c) => c.notNull())
    // JSON: ProviderDetails, the client secret and private key sealed.
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('attribute_mapping', 'text', (c) => c.notNull())
    .addColumn('idp_identifiers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_providers_pk', ['user_pool_id', 'provider_name'])
    .execute();
  await db.schema
    .createTable('identity_provider_identifiers')
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('identifier', 'varchar(40)', (c) => c.notNull())
    .addColumn('provider_name', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_provider_identifiers_pk', ['user_pool_id', 'identifier'])
    .execute();
  await db.schema
    .createTable('upstream_flows')
    // SHA-256 of the state sent to the provider (hex).
    .addColumn('state_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('provider_name', 'varchar(32)', (c) => c.notNull())
    // SHA-256 of the browser binding (the `upstream` cookie's value), hex.
    .addColumn('binding_hash', 'varchar(64)', (c) => c.notNull())
    // JSON: nonce, PKCE verifier (sealed), the app's authorize request.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('upstream_flows_expiry')
    .on('upstream_flows')
    .column('expires_at')
    .execute();
}
