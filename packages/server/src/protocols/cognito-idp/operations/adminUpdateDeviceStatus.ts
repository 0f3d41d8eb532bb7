import type {
  AdminUpdateDeviceStatusRequest,
  AdminUpdateDeviceStatusResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DEVICE_KEY,
  REMEMBERED_STATUSES,
  updateDeviceStatus,
} from '../../../services/devices/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser } from '../../../services/users/index.ts';
import { readEnum, str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminUpdateDeviceStatusRequest, AdminUpdateDeviceStatusResponse>({
  name: 'AdminUpdateDeviceStatus',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const username = str(input, 'Username', USERNAME);
    const deviceKey = str(input, 'DeviceKey', DEVICE_KEY);
    const status = readEnum(input, 'DeviceRememberedStatus', '', REMEMBERED_STATUSES);
    const pool = await loadPool(ctx, userPoolId);
    const user = await requireUser(ctx, pool, username);
    await updateDeviceStatus(ctx, user, deviceKey, status);
    return {};
  },
});
