import type {
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { poolDomainNames } from '../../../services/domains/index.ts';
import { describeUserPool, toUserPoolType } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DescribeUserPoolRequest, DescribeUserPoolResponse>({
  name: 'DescribeUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { pool, estimatedNumberOfUsers } = await describeUserPool(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
    );
    return {
      UserPool: {
        ...toUserPoolType({
          ...pool,
          arnRegion: ctx.region,
          accountId: ctx.accountId,
          estimatedNumberOfUsers,
        }),
        ...(await poolDomainNames(ctx, pool.id)),
      },
    };
  },
});
