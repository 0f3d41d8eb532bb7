import type { DeleteGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { deleteGroup } from '../../../services/users/index.ts';
import { GROUP_NAME, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteGroupRequest, Record<string, never>>({
  name: 'DeleteGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const name = str(input, 'GroupName', GROUP_NAME);
    await deleteGroup(ctx, await loadPool(ctx, userPoolId), name);
    return {};
  },
});
