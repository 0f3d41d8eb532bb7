import type { ForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import { DEVICE_KEY, forgetUserDevice } from '../../../services/devices/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ForgetDeviceRequest, Record<string, never>>({
  name: 'ForgetDevice',
  auth: 'accessToken',
  handler(ctx, input) {
    const deviceKey = str(input, 'DeviceKey', DEVICE_KEY);
    return async ({ user }) => {
      await forgetUserDevice(ctx, user, deviceKey);
      return {};
    };
  },
});
