import type {
  ListDevicesRequest,
  ListDevicesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { listUserDevices } from '../../../services/devices/index.ts';
import { devicePageInput, deviceType } from '../device-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ListDevicesRequest, ListDevicesResponse>({
  name: 'ListDevices',
  auth: 'accessToken',
  handler(ctx, input) {
    const page = devicePageInput(input);
    return async ({ pool, user }) => {
      const { devices, paginationToken } = await listUserDevices(ctx, user, {
        operation: 'ListDevices',
        ...page,
      });
      return {
        Devices: devices.map((d) => deviceType(ctx, pool, user, d)),
        PaginationToken: paginationToken,
      };
    };
  },
});
