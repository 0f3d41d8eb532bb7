import type { GetGroupRequest, GetGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireGroup } from '../../../services/users/index.ts';
import { GROUP_NAME, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { toGroupType } from '../shapes.ts';

export default defineOperation<GetGroupRequest, GetGroupResponse>({
  name: 'GetGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const name = str(input, 'GroupName', GROUP_NAME);
    const group = await requireGroup(ctx, await loadPool(ctx, userPoolId), name);
    return { Group: toGroupType(group) };
  },
});
