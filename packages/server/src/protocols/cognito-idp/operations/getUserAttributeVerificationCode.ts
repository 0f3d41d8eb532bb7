import type {
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { authenticate } from '../../../services/tokens/index.ts';
import { sendVerificationCode } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { str, strMap, TOKEN } from '../wire.ts';

export default defineOperation<
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse
>({
  name: 'GetUserAttributeVerificationCode',
  auth: 'accessToken',
  async handler(ctx, input) {
    const token = str(input, 'AccessToken', TOKEN);
    const name = str(input, 'AttributeName', { max: 32 });
    strMap(input, 'ClientMetadata');
    const caller = await authenticate(ctx, token);
    return { CodeDeliveryDetails: await sendVerificationCode(ctx, caller, name) };
  },
});
