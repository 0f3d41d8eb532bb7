import type {
  ChangePasswordRequest,
  ChangePasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { changePassword } from '../../../services/passwords/index.ts';
import { PASSWORD, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ChangePasswordRequest, ChangePasswordResponse>({
  name: 'ChangePassword',
  auth: 'accessToken',
  handler(ctx, input) {
    const previous = str(input, 'PreviousPassword', PASSWORD);
    const proposed = str(input, 'ProposedPassword', PASSWORD);
    return async (caller) => {
      await changePassword(ctx, caller, previous, proposed);
      return {};
    };
  },
});
