import type { UserPool } from '../../model/user-pool.ts';
import { type Device, findDevice } from '../../store/repositories/devices.ts';
import type { Context } from '../context.ts';
import { ResourceNotFoundException } from '../errors.ts';
import type { StringRules } from '../validation/members.ts';

/** DeviceKeyType of Cognito's model. Wire constraint: never change it. */
export const DEVICE_KEY: StringRules = { max: 55, pattern: '[\\w-]+_[0-9a-f-]+' };

/**
 * True when the pool tracks devices: any DeviceConfiguration turns device remembering on, as on
 * Cognito ("When you provide a value for any property of DeviceConfiguration, you activate the
 * device remembering for the user pool").
 */
export function tracksDevices(pool: UserPool): boolean {
  return pool.settings.DeviceConfiguration !== undefined;
}

/**
 * True when a remembered device stands in for the second factor: the pool's
 * ChallengeRequiredOnNewDevice ("a remembered device can sign in with device authentication
 * instead of SMS and TOTP factors").
 */
export function skipsMfa(pool: UserPool, device: Device): boolean {
  return (
    device.status === 'remembered' &&
    pool.settings.DeviceConfiguration?.ChallengeRequiredOnNewDevice === true
  );
}

/**
 * Cognito's answer for a device key that names no device of the user: unknown, forgotten, never
 * confirmed or another user's. Clients clear their stored device on it and sign in again.
 */
export function deviceNotFound(): Error {
  return new ResourceNotFoundException('Device does not exist.');
}

/** The confirmed device `deviceKey` of user `userId`, or undefined. */
export async function userDevice(
  ctx: Pick<Context, 'db'>,
  userId: string | undefined,
  deviceKey: string,
): Promise<Device | undefined> {
  const device = await findDevice(ctx.db, deviceKey);
  if (!device || !userId || device.userId !== userId || device.status === 'unconfirmed') {
    return undefined;
  }
  return device;
}

/** The confirmed device `deviceKey` of user `userId`, or ResourceNotFoundException. */
export async function requireUserDevice(
  ctx: Pick<Context, 'db'>,
  userId: string,
  deviceKey: string,
): Promise<Device> {
  const device = await userDevice(ctx, userId, deviceKey);
  if (!device) throw deviceNotFound();
  return device;
}

/**
 * Checks the DEVICE_KEY a sign-in names, as soon as it arrives (InitiateAuth, or an answer that
 * brings it) and before anything is used up: a key that names no confirmed device of the user
 * is ResourceNotFoundException "Device does not exist.", so the client retries without it.
 * Pools that do not track devices ignore the key.
 */
export async function assertUserDevice(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  userId: string | undefined,
  deviceKey: string | undefined,
): Promise<void> {
  if (!deviceKey || !tracksDevices(pool)) return;
  if (!(await userDevice(ctx, userId, deviceKey))) throw deviceNotFound();
}
