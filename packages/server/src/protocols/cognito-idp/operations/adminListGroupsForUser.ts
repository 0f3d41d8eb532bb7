import type {
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listGroupsForUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { groupPageInput, toGroupType } from '../shapes.ts';

export default defineOperation<AdminListGroupsForUserRequest, AdminListGroupsForUserResponse>({
  name: 'AdminListGroupsForUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const username = str(input, 'Username', USERNAME);
    const page = groupPageInput(input);
    const pool = await loadPool(ctx, userPoolId);
    const { items, nextToken } = await listGroupsForUser(ctx, pool, username, page);
    return { Groups: items.map(toGroupType), NextToken: nextToken };
  },
});
