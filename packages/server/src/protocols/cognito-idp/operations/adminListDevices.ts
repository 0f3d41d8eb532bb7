import type {
  AdminListDevicesRequest,
  AdminListDevicesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { listUserDevices } from '../../../services/devices/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { devicePageInput, deviceType } from '../device-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminListDevicesRequest, AdminListDevicesResponse>({
  name: 'AdminListDevices',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const username = str(input, 'Username', USERNAME);
    const page = devicePageInput(input);
    const pool = await loadPool(ctx, userPoolId);
    const user = await requireUser(ctx, pool, username);
    const { devices, paginationToken } = await listUserDevices(ctx, user, {
      operation: 'AdminListDevices',
      ...page,
    });
    return {
      Devices: devices.map((d) => deviceType(ctx, pool, user, d)),
      PaginationToken: paginationToken,
    };
  },
});
