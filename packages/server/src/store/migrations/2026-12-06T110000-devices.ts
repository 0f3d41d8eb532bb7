import type { Kysely } from 'kysely';

// Remembered devices (ConfirmDevice, DEVICE_SRP_AUTH) and the device each refresh grant was
// issued to. Frozen once landed; add a new file instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('device_key', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('user_pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('group_key', 'varchar(64)', (c) => c.notNull())
    // The device's SRP salt and verifier (hex), set by ConfirmDevice.
    .addColumn('salt', 'varchar(256)')
    .addColumn('verifier', 'varchar(800)')
    .addColumn('name', 'varchar(1024)')
    // unconfirmed (issued at sign-in, never confirmed), remembered or not_remembered.
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_authenticated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('devices_user')
    .on('devices')
    .columns(['user_id', 'device_key'])
    .execute();
  await db.schema.createIndex('devices_pool').on('devices').column('user_pool_id').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('device_key', 'varchar(55)').execute();
  await db.schema
    .createIndex('refresh_tokens_device')
    .on('refresh_tokens')
    .column('device_key')
    .execute();
}
