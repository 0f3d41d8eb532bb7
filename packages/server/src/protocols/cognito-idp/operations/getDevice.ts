import type {
  GetDeviceRequest,
  GetDeviceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEVICE_KEY, getUserDevice } from '../../../services/devices/index.ts';
import { str } from '../../../services/validation/index.ts';
import { deviceType } from '../device-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetDeviceRequest, GetDeviceResponse>({
  name: 'GetDevice',
  auth: 'accessToken',
  handler(ctx, input) {
    const deviceKey = str(input, 'DeviceKey', DEVICE_KEY);
    return async ({ pool, user }) => ({
      Device: deviceType(ctx, pool, user, await getUserDevice(ctx, user, deviceKey)),
    });
  },
});
