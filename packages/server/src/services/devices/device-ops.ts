import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import {
  confirmDevice as confirm,
  type Device,
  type DeviceStatus,
  deleteDevice,
  findDevice,
  listConfirmedDevices,
  setDeviceStatus,
} from '../../store/repositories/devices.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException } from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { isValidVerifier } from '../sign-in/srp.ts';
import { requireUserDevice } from './lookup.ts';

/** DeviceRememberedStatusType. Wire names: never change them. */
export const REMEMBERED_STATUSES = ['remembered', 'not_remembered'] as const;

/** A remembered status UpdateDeviceStatus may set. */
export type RememberedStatus = (typeof REMEMBERED_STATUSES)[number];

/** ConfirmDevice's DeviceSecretVerifierConfig, as sent: base64 of the client's hex values. */
export interface DeviceSecretVerifierConfig {
  PasswordVerifier?: string;
  Salt?: string;
}

/** Longest salt a client may register, in bytes (the SDKs send 16, with a sign byte 17). */
const MAX_SALT_BYTES = 64;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Hex of a base64 value, or undefined when it is not base64 or too long. */
function hexOf(value: string | undefined, maxBytes: number): string | undefined {
  if (value === undefined || !BASE64.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length > 0 && bytes.length <= maxBytes ? bytes.toString('hex') : undefined;
}

/** The verifier config as stored (hex salt and verifier), refusing one SRP cannot run on. */
function parseVerifierConfig(config: DeviceSecretVerifierConfig | undefined) {
  if (!config) return {};
  const salt = hexOf(config.Salt, MAX_SALT_BYTES);
  const verifier = hexOf(config.PasswordVerifier, 512);
  if (!salt || !verifier || !isValidVerifier(verifier)) {
    throw new InvalidParameterException('Invalid device secret verifier config.');
  }
  return { salt, verifier };
}

/**
 * ConfirmDevice: the device a sign-in of this user issued (NewDeviceMetadata) gets its SRP salt
 * and verifier and its name, and starts being tracked. It is remembered at once unless the pool
 * remembers devices only when the user says so (DeviceOnlyRememberedOnUserPrompt), which is
 * then what the answer's UserConfirmationNecessary says.
 */
export async function confirmUserDevice(
  ctx: Pick<Context, 'db' | 'clock'>,
  pool: UserPool,
  user: User,
  input: { deviceKey: string; config?: DeviceSecretVerifierConfig; name?: string },
): Promise<{ userConfirmationNecessary: boolean }> {
  const device = await findDevice(ctx.db, input.deviceKey);
  // Cognito's answer for a key no sign-in of this user issued.
  if (!device || device.userId !== user.id) {
    throw new InvalidParameterException('Invalid device key given.');
  }
  const { salt, verifier } = parseVerifierConfig(input.config);
  const onPrompt = pool.settings.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
  await confirm(ctx.db, device.deviceKey, {
    salt,
    verifier,
    name: input.name,
    status: onPrompt ? 'not_remembered' : 'remembered',
    now: ctx.clock.now(),
  });
  return { userConfirmationNecessary: onPrompt };
}

/** UpdateDeviceStatus / AdminUpdateDeviceStatus: remembered or not_remembered. */
export async function updateDeviceStatus(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: User,
  deviceKey: string,
  status: RememberedStatus | undefined,
): Promise<void> {
  const device = await requireUserDevice(ctx, user.id, deviceKey);
  if (status) await setDeviceStatus(ctx.db, device.deviceKey, status, ctx.clock.now());
}

/** GetDevice / AdminGetDevice. */
export async function getUserDevice(
  ctx: Pick<Context, 'db'>,
  user: User,
  deviceKey: string,
): Promise<Device> {
  return requireUserDevice(ctx, user.id, deviceKey);
}

/**
 * ForgetDevice / AdminForgetDevice: the device is gone, the refresh tokens issued to it stop
 * working and signing in with its key answers "Device does not exist.".
 */
export async function forgetUserDevice(
  ctx: Pick<Context, 'db'>,
  user: User,
  deviceKey: string,
): Promise<void> {
  const device = await requireUserDevice(ctx, user.id, deviceKey);
  await deleteDevice(ctx.db, device.deviceKey);
}

/** Devices per page when the request sets no Limit (the model's most). */
const DEFAULT_LIMIT = 60;

/**
 * ListDevices / AdminListDevices: the user's confirmed devices, in pages walked by device key
 * (a sealed PaginationToken bound to the user and the operation).
 */
export async function listUserDevices(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  user: User,
  page: { operation: string; limit?: number; paginationToken?: string },
): Promise<{ devices: Device[]; paginationToken?: string }> {
  const scope = `${page.operation}\0${user.id}`;
  const size = page.limit || DEFAULT_LIMIT;
  const after =
    page.paginationToken === undefined
      ? undefined
      : openPageToken(ctx, scope, page.paginationToken, (v): v is string => typeof v === 'string');
  const rows = await listConfirmedDevices(ctx.db, user.id, size + 1, after);
  const devices = rows.slice(0, size);
  return {
    devices,
    paginationToken:
      rows.length > size
        ? sealPageToken(ctx, scope, devices[devices.length - 1].deviceKey)
        : undefined,
  };
}

export type { Device, DeviceStatus };
