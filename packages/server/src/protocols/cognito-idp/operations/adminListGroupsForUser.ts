import type {
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listGroupsForUser } from '../../../services/users/index.ts';
import {
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { toGroupType } from '../shapes.ts';

export default defineOperation<AdminListGroupsForUserRequest, AdminListGroupsForUserResponse>({
  name: 'AdminListGroupsForUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const username = str(input, 'Username', USERNAME);
    const page = {
      limit: optInt(input, 'Limit', { min: 0, max: 60 }),
      nextToken: optStr(input, 'NextToken', NEXT_TOKEN),
    };
    const pool = await loadPool(ctx, userPoolId);
    const { items, nextToken } = await listGroupsForUser(ctx, pool, username, page);
    return { Groups: items.map(toGroupType), NextToken: nextToken };
  },
});
