import { type Kysely, PostgresAdapter } from 'kysely';

// Secrets at rest: sealed values (`mk1.<key id>.<iv|tag|ciphertext>`) outgrow the varchar(128)
// of the admin access key's and the app client's secret. SQLite does not enforce a varchar
// length; PostgreSQL gets text. The rows themselves are sealed at start, where the master key
// is known (services/crypto/master-key-setup.ts). Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.schema
    .alterTable('access_keys')
    .alterColumn('secret_access_key', (c) => c.setDataType('text'))
    .execute();
  await db.schema
    .alterTable('user_pool_clients')
    .alterColumn('secret', (c) => c.setDataType('text'))
    .execute();
}
