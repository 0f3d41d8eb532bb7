// v6's device functions for the signed-in user's remembered devices.
import { clearDevice, loadDevice } from '../internal/cache.ts';
import { request } from '../internal/client.ts';
import { accessTokenOf, currentUserPoolUser, userSession } from '../internal/session.ts';
import type { CognitoUser } from '../internal/user.ts';
import { AuthV6Error, v6 } from './types.ts';

/** A device, as aws-amplify v6's fetchDevices lists it. */
export interface AWSAuthDevice {
  id: string;
  name?: string;
  attributes: Record<string, string>;
  createDate?: Date;
  lastModifiedDate?: Date;
  lastAuthenticatedDate?: Date;
}

/** The signed-in user with a valid session and this device's stored keys. */
async function deviceUser(): Promise<CognitoUser> {
  return v6(async () => {
    const user = await currentUserPoolUser();
    await userSession(user);
    loadDevice(user);
    return user;
  });
}

function requireDevice(user: CognitoUser): string {
  if (!user.deviceKey || !user.deviceGroupKey || !user.randomPassword) {
    throw new AuthV6Error(
      'DeviceMetadataNotFoundException',
      'Either deviceKey, deviceGroupKey or secretPassword were not found during the sign-in process.',
      'Make sure to not clear storage after calling the signIn API.',
    );
  }
  return user.deviceKey;
}

/** Marks this device remembered (aws-amplify v6 `rememberDevice`, UpdateDeviceStatus). */
export async function rememberDevice(): Promise<void> {
  const user = await deviceUser();
  await request('UpdateDeviceStatus', {
    AccessToken: accessTokenOf(user),
    DeviceKey: requireDevice(user),
    DeviceRememberedStatus: 'remembered',
  });
}

/**
 * Forgets a device (aws-amplify v6 `forgetDevice`): this one by default, or `device.id`; this
 * device's stored keys go when it is the one forgotten.
 */
export async function forgetDevice(input?: { device?: { id: string } }): Promise<void> {
  const user = await deviceUser();
  const other = input?.device?.id;
  await request('ForgetDevice', {
    AccessToken: accessTokenOf(user),
    DeviceKey: other ?? requireDevice(user),
  });
  if (!other || other === user.deviceKey) clearDevice(user);
}

const date = (seconds?: number) => (seconds ? new Date(seconds * 1000) : undefined);

/** The user's remembered devices (aws-amplify v6 `fetchDevices`, ListDevices, up to 60). */
export async function fetchDevices(): Promise<AWSAuthDevice[]> {
  const user = await deviceUser();
  const res = await request<{
    Devices?: {
      DeviceKey?: string;
      DeviceAttributes?: { Name?: string; Value?: string }[];
      DeviceCreateDate?: number;
      DeviceLastModifiedDate?: number;
      DeviceLastAuthenticatedDate?: number;
    }[];
  }>('ListDevices', { AccessToken: accessTokenOf(user), Limit: 60 });
  return (res.Devices ?? []).map((d) => {
    const attributes: Record<string, string> = {};
    for (const { Name, Value } of d.DeviceAttributes ?? [])
      if (Name && Value) attributes[Name] = Value;
    return {
      id: d.DeviceKey ?? '',
      name: attributes.device_name,
      attributes,
      createDate: date(d.DeviceCreateDate),
      lastModifiedDate: date(d.DeviceLastModifiedDate),
      lastAuthenticatedDate: date(d.DeviceLastAuthenticatedDate),
    };
  });
}
