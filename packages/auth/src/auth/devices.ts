import { clearDevice, loadDevice } from '../internal/cache.ts';
import { request } from '../internal/client.ts';
import { AuthError } from '../internal/errors.ts';
import { accessTokenOf, currentUserPoolUser } from '../internal/session.ts';
import type { CognitoUser } from '../internal/user.ts';

/** A remembered device, as Amplify v5 `Auth.fetchDevices` lists it. */
export interface AuthDevice {
  id: string;
  name?: string;
}

// Amplify maps these two failures to its own errors; others pass through.
function deviceError(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'InvalidParameterException') return new AuthError('deviceConfig');
  if (code === 'NetworkError') return new AuthError('networkError');
  return err;
}

async function deviceUser(): Promise<CognitoUser> {
  try {
    const user = await currentUserPoolUser();
    loadDevice(user);
    return user;
  } catch {
    throw 'The user is not authenticated';
  }
}

/** Marks this device remembered (UpdateDeviceStatus); resolves 'SUCCESS'. */
export async function rememberDevice(): Promise<string> {
  const user = await deviceUser();
  try {
    await request('UpdateDeviceStatus', {
      DeviceKey: user.deviceKey,
      AccessToken: accessTokenOf(user),
      DeviceRememberedStatus: 'remembered',
    });
  } catch (err) {
    throw deviceError(err);
  }
  return 'SUCCESS';
}

/** Forgets this device (ForgetDevice) and drops its stored keys; resolves 'SUCCESS'. */
export async function forgetDevice(): Promise<string> {
  const user = await deviceUser();
  try {
    await request('ForgetDevice', { DeviceKey: user.deviceKey, AccessToken: accessTokenOf(user) });
  } catch (err) {
    throw deviceError(err);
  }
  clearDevice(user);
  return 'SUCCESS';
}

/** The user's remembered devices (ListDevices, up to 60), as `{ id, name }`. */
export async function fetchDevices(): Promise<AuthDevice[]> {
  let user: CognitoUser;
  try {
    user = await deviceUser();
  } catch {
    throw new Error('The user is not authenticated');
  }
  try {
    const res = await request<{
      Devices: { DeviceKey: string; DeviceAttributes?: { Name: string; Value: string }[] }[];
    }>('ListDevices', { AccessToken: accessTokenOf(user), Limit: 60 });
    return (res.Devices ?? []).map((d) => ({
      id: d.DeviceKey,
      name: d.DeviceAttributes?.find((a) => a.Name === 'device_name')?.Value,
    }));
  } catch (err) {
    throw deviceError(err);
  }
}
