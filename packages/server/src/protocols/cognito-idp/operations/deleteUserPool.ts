import type { DeleteUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteUserPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteUserPoolRequest, Record<string, never>>({
  name: 'DeleteUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    await deleteUserPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    return {};
  },
});
