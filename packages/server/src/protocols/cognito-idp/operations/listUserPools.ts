import type {
  ListUserPoolsRequest,
  ListUserPoolsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { toUserPoolDescriptionType } from '../../../services/user-pool-settings.ts';
import { listUserPools } from '../../../services/user-pools.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ListUserPoolsRequest, ListUserPoolsResponse>({
  name: 'ListUserPools',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { pools, nextToken } = await listUserPools(ctx, input.MaxResults, input.NextToken);
    return {
      UserPools: pools.map(toUserPoolDescriptionType),
      NextToken: nextToken,
    };
  },
});
