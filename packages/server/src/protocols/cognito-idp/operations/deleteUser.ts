import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { authenticate } from '../../../services/tokens/index.ts';
import { deleteUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { str, TOKEN } from '../wire.ts';

export default defineOperation<DeleteUserRequest, Record<string, never>>({
  name: 'DeleteUser',
  auth: 'accessToken',
  async handler(ctx, input) {
    const caller = await authenticate(ctx, str(input, 'AccessToken', TOKEN));
    await deleteUser(ctx, caller.user);
    return {};
  },
});
