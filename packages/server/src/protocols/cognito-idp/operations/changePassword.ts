import type {
  ChangePasswordRequest,
  ChangePasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { changePassword } from '../../../services/passwords/index.ts';
import { authenticate } from '../../../services/tokens/index.ts';
import { defineOperation } from '../operation.ts';
import { PASSWORD, str, TOKEN } from '../wire.ts';

export default defineOperation<ChangePasswordRequest, ChangePasswordResponse>({
  name: 'ChangePassword',
  auth: 'accessToken',
  async handler(ctx, input) {
    const token = str(input, 'AccessToken', TOKEN);
    const previous = str(input, 'PreviousPassword', PASSWORD);
    const proposed = str(input, 'ProposedPassword', PASSWORD);
    const caller = await authenticate(ctx, token);
    await changePassword(ctx, caller, previous, proposed);
    return {};
  },
});
