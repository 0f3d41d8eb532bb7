import type { Db } from '../open.ts';
import type { DeviceRow } from '../tables.ts';

/** What a device's remembered status can be; `unconfirmed` until ConfirmDevice. */
export type DeviceStatus = 'unconfirmed' | 'remembered' | 'not_remembered';

/**
 * A device a sign-in issued to a user (NewDeviceMetadata). ConfirmDevice gives it an SRP salt
 * and verifier (hex) and a remembered status.
 */
export interface Device {
  deviceKey: string;
  userPoolId: string;
  userId: string;
  groupKey: string;
  salt?: string;
  verifier?: string;
  name?: string;
  status: DeviceStatus;
  /** Further device attributes, by name. */
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt?: number;
}

/** A row as a Device; null columns are left out. */
function toDevice(row: DeviceRow): Device {
  return {
    deviceKey: row.device_key,
    userPoolId: row.user_pool_id,
    userId: row.user_id,
    groupKey: row.group_key,
    ...(row.salt != null && { salt: row.salt }),
    ...(row.verifier != null && { verifier: row.verifier }),
    ...(row.name != null && { name: row.name }),
    status: row.status as DeviceStatus,
    attributes: JSON.parse(row.attributes),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.last_authenticated_at != null && {
      lastAuthenticatedAt: Number(row.last_authenticated_at),
    }),
  };
}

export async function insertDevice(db: Db, d: Device): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      device_key: d.deviceKey,
      user_pool_id: d.userPoolId,
      user_id: d.userId,
      group_key: d.groupKey,
      salt: d.salt ?? null,
      verifier: d.verifier ?? null,
      name: d.name ?? null,
      status: d.status,
      attributes: JSON.stringify(d.attributes),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      last_authenticated_at: d.lastAuthenticatedAt ?? null,
    })
    .execute();
}

export async function findDevice(db: Db, deviceKey: string): Promise<Device | undefined> {
  const row = await db
    .selectFrom('devices')
    .selectAll()
    .where('device_key', '=', deviceKey)
    .executeTakeFirst();
  return row && toDevice(row);
}

/** A user's confirmed devices by device key, after `afterKey`, at most `limit`. */
export async function listConfirmedDevices(
  db: Db,
  userId: string,
  limit: number,
  afterKey?: string,
): Promise<Device[]> {
  let query = db
    .selectFrom('devices')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '!=', 'unconfirmed');
  if (afterKey !== undefined) query = query.where('device_key', '>', afterKey);
  const rows = await query.orderBy('device_key').limit(limit).execute();
  return rows.map(toDevice);
}

/** ConfirmDevice: the device's verifier, name and first status. */
export async function confirmDevice(
  db: Db,
  deviceKey: string,
  fields: { salt?: string; verifier?: string; name?: string; status: DeviceStatus; now: number },
): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      salt: fields.salt ?? null,
      verifier: fields.verifier ?? null,
      name: fields.name ?? null,
      status: fields.status,
      updated_at: fields.now,
    })
    .where('device_key', '=', deviceKey)
    .execute();
}

/** UpdateDeviceStatus. */
export async function setDeviceStatus(
  db: Db,
  deviceKey: string,
  status: DeviceStatus,
  now: number,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({ status, updated_at: now })
    .where('device_key', '=', deviceKey)
    .execute();
}

/** A sign-in through the device finished. */
export async function touchDevice(db: Db, deviceKey: string, now: number): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_authenticated_at: now })
    .where('device_key', '=', deviceKey)
    .execute();
}

export async function deleteDevice(db: Db, deviceKey: string): Promise<void> {
  await db.deleteFrom('devices').where('device_key', '=', deviceKey).execute();
}

/** Records the device a refresh grant was issued to. */
export async function bindGrantToDevice(db: Db, grantId: string, deviceKey: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ device_key: deviceKey })
    .where('id', '=', grantId)
    .execute();
}

/**
 * Deletes devices issued before `before` that were never confirmed and that no refresh grant
 * still alive at `now` was issued to: nothing can use them any more.
 */
export async function deleteStaleUnconfirmedDevices(
  db: Db,
  before: number,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('devices')
    .where('status', '=', 'unconfirmed')
    .where('created_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('refresh_tokens')
            .select('refresh_tokens.id')
            .whereRef('refresh_tokens.device_key', '=', 'devices.device_key')
            .where('refresh_tokens.expires_at', '>', now),
        ),
      ),
    )
    .execute();
}
