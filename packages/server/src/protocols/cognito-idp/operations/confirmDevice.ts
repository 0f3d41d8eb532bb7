import type {
  ConfirmDeviceRequest,
  ConfirmDeviceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmUserDevice, DEVICE_KEY } from '../../../services/devices/index.ts';
import { optStr, readObject, readString, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ConfirmDeviceRequest, ConfirmDeviceResponse>({
  name: 'ConfirmDevice',
  auth: 'accessToken',
  handler(ctx, input) {
    const deviceKey = str(input, 'DeviceKey', DEVICE_KEY);
    const raw = readObject(input, 'DeviceSecretVerifierConfig', '');
    const path = 'deviceSecretVerifierConfig';
    const config = raw && {
      PasswordVerifier: readString(raw, 'PasswordVerifier', path),
      Salt: readString(raw, 'Salt', path),
    };
    const name = optStr(input, 'DeviceName', { max: 1024 });
    return async ({ pool, user }) => {
      const { userConfirmationNecessary } = await confirmUserDevice(ctx, pool, user, {
        deviceKey,
        config,
        name,
      });
      return { UserConfirmationNecessary: userConfirmationNecessary };
    };
  },
});
