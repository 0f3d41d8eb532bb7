import type {
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { sendVerificationCode } from '../../../services/users/index.ts';
import { str, strMap } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse
>({
  name: 'GetUserAttributeVerificationCode',
  auth: 'accessToken',
  handler(ctx, input) {
    const name = str(input, 'AttributeName', { max: 32 });
    const clientMetadata = strMap(input, 'ClientMetadata');
    return async (caller) => ({
      CodeDeliveryDetails: await sendVerificationCode(ctx, caller, name, clientMetadata),
    });
  },
});
