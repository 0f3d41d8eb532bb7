import type {
  ListIdentityPoolsInput,
  ListIdentityPoolsResponse,
} from '@aws-sdk/client-cognito-identity';
import { listIdentityPools, PAGINATION_KEY } from '../../../services/identity-pools/index.ts';
import { optStr } from '../../../services/validation/index.ts';
import { validationError } from '../../../services/validation/messages.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<ListIdentityPoolsInput, ListIdentityPoolsResponse>({
  name: 'ListIdentityPools',
  auth: 'sigv4',
  async handler(ctx, input) {
    if (input.MaxResults === undefined || input.MaxResults === null) {
      validationError(null, 'maxResults', 'Member must not be null');
    }
    const nextToken = optStr(input, 'NextToken', PAGINATION_KEY);
    const { pools, nextToken: next } = await listIdentityPools(ctx, input.MaxResults, nextToken);
    return { IdentityPools: pools, NextToken: next };
  },
});
