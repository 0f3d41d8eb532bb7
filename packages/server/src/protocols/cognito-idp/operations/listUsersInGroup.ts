import type {
  ListUsersInGroupRequest,
  ListUsersInGroupResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listUsersInGroup } from '../../../services/users/index.ts';
import {
  GROUP_NAME,
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { userType } from '../shapes.ts';

export default defineOperation<ListUsersInGroupRequest, ListUsersInGroupResponse>({
  name: 'ListUsersInGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const groupName = str(input, 'GroupName', GROUP_NAME);
    const page = {
      limit: optInt(input, 'Limit', { min: 0, max: 60 }),
      nextToken: optStr(input, 'NextToken', NEXT_TOKEN),
    };
    const pool = await loadPool(ctx, userPoolId);
    const { items, nextToken } = await listUsersInGroup(ctx, pool, groupName, page);
    return { Users: items.map(userType), NextToken: nextToken };
  },
});
