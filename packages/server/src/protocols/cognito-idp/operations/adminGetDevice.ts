import type {
  AdminGetDeviceRequest,
  AdminGetDeviceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEVICE_KEY, getUserDevice } from '../../../services/devices/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { deviceType } from '../device-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminGetDeviceRequest, AdminGetDeviceResponse>({
  name: 'AdminGetDevice',
  auth: 'sigv4',
  async handler(ctx, input) {
    const deviceKey = str(input, 'DeviceKey', DEVICE_KEY);
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const username = str(input, 'Username', USERNAME);
    const pool = await loadPool(ctx, userPoolId);
    const user = await requireUser(ctx, pool, username);
    return { Device: deviceType(ctx, pool, user, await getUserDevice(ctx, user, deviceKey)) };
  },
});
