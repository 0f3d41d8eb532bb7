import type { DescribeIdentityPoolInput, IdentityPool } from '@aws-sdk/client-cognito-identity';
import { describeIdentityPool, IDENTITY_POOL_ID } from '../../../services/identity-pools/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<DescribeIdentityPoolInput, IdentityPool>({
  name: 'DescribeIdentityPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    return describeIdentityPool(ctx, str(input, 'IdentityPoolId', IDENTITY_POOL_ID));
  },
});
