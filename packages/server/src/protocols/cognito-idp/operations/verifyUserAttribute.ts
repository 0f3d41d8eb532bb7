import type {
  VerifyUserAttributeRequest,
  VerifyUserAttributeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { verifyAttribute } from '../../../services/users/index.ts';
import { CODE, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<VerifyUserAttributeRequest, VerifyUserAttributeResponse>({
  name: 'VerifyUserAttribute',
  auth: 'accessToken',
  handler(ctx, input) {
    const name = str(input, 'AttributeName', { max: 32 });
    const code = str(input, 'Code', CODE);
    return async (caller) => {
      await verifyAttribute(ctx, caller, name, code);
      return {};
    };
  },
});
