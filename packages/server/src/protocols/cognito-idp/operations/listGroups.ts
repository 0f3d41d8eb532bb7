import type {
  ListGroupsRequest,
  ListGroupsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listGroups } from '../../../services/users/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { groupPageInput, toGroupType } from '../shapes.ts';

export default defineOperation<ListGroupsRequest, ListGroupsResponse>({
  name: 'ListGroups',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const page = groupPageInput(input);
    const { items, nextToken } = await listGroups(ctx, await loadPool(ctx, userPoolId), page);
    return { Groups: items.map(toGroupType), NextToken: nextToken };
  },
});
