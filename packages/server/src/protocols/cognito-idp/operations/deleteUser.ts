import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteUserRequest, Record<string, never>>({
  name: 'DeleteUser',
  auth: 'accessToken',
  handler: (ctx) => async (caller) => {
    await deleteUser(ctx, caller.user);
    return {};
  },
});
