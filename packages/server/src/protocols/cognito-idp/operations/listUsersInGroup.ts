import type {
  ListUsersInGroupRequest,
  ListUsersInGroupResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listUsersInGroup } from '../../../services/users/index.ts';
import { GROUP_NAME, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { groupPageInput, userType } from '../shapes.ts';

export default defineOperation<ListUsersInGroupRequest, ListUsersInGroupResponse>({
  name: 'ListUsersInGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const groupName = str(input, 'GroupName', GROUP_NAME);
    const page = groupPageInput(input);
    const pool = await loadPool(ctx, userPoolId);
    const { items, nextToken } = await listUsersInGroup(ctx, pool, groupName, page);
    return { Users: items.map(userType), NextToken: nextToken };
  },
});
