import type {
  UpdateDeviceStatusRequest,
  UpdateDeviceStatusResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DEVICE_KEY,
  REMEMBERED_STATUSES,
  updateDeviceStatus,
} from '../../../services/devices/index.ts';
import { readEnum, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<UpdateDeviceStatusRequest, UpdateDeviceStatusResponse>({
  name: 'UpdateDeviceStatus',
  auth: 'accessToken',
  handler(ctx, input) {
    const deviceKey = str(input, 'DeviceKey', DEVICE_KEY);
    const status = readEnum(input, 'DeviceRememberedStatus', '', REMEMBERED_STATUSES);
    return async ({ user }) => {
      await updateDeviceStatus(ctx, user, deviceKey, status);
      return {};
    };
  },
});
