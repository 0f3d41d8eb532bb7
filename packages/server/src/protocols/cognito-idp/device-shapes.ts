import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../../services/context.ts';
import type { Device } from '../../services/devices/index.ts';
import { type JsonObject, NEXT_TOKEN, optInt, optStr } from '../../services/validation/index.ts';

/**
 * Cognito's DeviceType. The attributes are the ones Cognito lists, in its order: the device is
 * `valid`, its name, its ARN and owner (`<username>.<userPoolId>`), its remembered status.
 */
export function deviceType(
  ctx: Pick<Context, 'region' | 'accountId'>,
  pool: UserPool,
  user: User,
  device: Device,
): DeviceType {
  const owner = `${user.username}.${pool.id}`;
  const arn = `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:owner/${owner}/device/${device.deviceKey}`;
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
    { Name: 'dev:device_arn', Value: arn },
    { Name: 'dev:device_owner', Value: owner },
    { Name: 'dev:device_remembered_status', Value: device.status },
    ...Object.entries(device.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attributes,
    DeviceCreateDate: new Date(device.createdAt),
    DeviceLastModifiedDate: new Date(device.updatedAt),
    ...(device.lastAuthenticatedAt !== undefined && {
      DeviceLastAuthenticatedDate: new Date(device.lastAuthenticatedAt),
    }),
  };
}

/** ListDevices' and AdminListDevices' Limit (0-60) and PaginationToken. */
export function devicePageInput(input: JsonObject) {
  return {
    limit: optInt(input, 'Limit', { min: 0, max: 60 }),
    paginationToken: optStr(input, 'PaginationToken', NEXT_TOKEN),
  };
}
