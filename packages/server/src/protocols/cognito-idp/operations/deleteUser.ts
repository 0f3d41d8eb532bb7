import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteUser } from '../../../services/admin-users.ts';
import { authenticate } from '../../../services/grants.ts';
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
