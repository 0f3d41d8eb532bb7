import type { AdminAddUserToGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { addUserToGroup } from '../../../services/users/index.ts';
import { GROUP_NAME, str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminAddUserToGroupRequest, Record<string, never>>({
  name: 'AdminAddUserToGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const groupName = str(input, 'GroupName', GROUP_NAME);
    const username = str(input, 'Username', USERNAME);
    await addUserToGroup(ctx, await loadPool(ctx, userPoolId), groupName, username);
    return {};
  },
});
