import type {
  ListUserPoolsRequest,
  ListUserPoolsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { listUserPools, toUserPoolDescriptionType } from '../../../services/user-pools/index.ts';
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
