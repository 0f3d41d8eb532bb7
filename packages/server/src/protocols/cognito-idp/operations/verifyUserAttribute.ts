import type {
  VerifyUserAttributeRequest,
  VerifyUserAttributeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { authenticate } from '../../../services/tokens/index.ts';
import { verifyAttribute } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { CODE, str, TOKEN } from '../wire.ts';

export default defineOperation<VerifyUserAttributeRequest, VerifyUserAttributeResponse>({
  name: 'VerifyUserAttribute',
  auth: 'accessToken',
  async handler(ctx, input) {
    const token = str(input, 'AccessToken', TOKEN);
    const name = str(input, 'AttributeName', { max: 32 });
    const code = str(input, 'Code', CODE);
    const caller = await authenticate(ctx, token);
    await verifyAttribute(ctx, caller, name, code);
    return {};
  },
});
