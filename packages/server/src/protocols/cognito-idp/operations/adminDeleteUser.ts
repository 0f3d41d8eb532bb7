import type { AdminDeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { deleteUser, requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminDeleteUserRequest, Record<string, never>>({
  name: 'AdminDeleteUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    await deleteUser(ctx, await requireUser(ctx, pool, str(input, 'Username', USERNAME)));
    return {};
  },
});
