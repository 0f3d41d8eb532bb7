import type {
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/client-auth.ts';
import { toUserPoolType } from '../../../services/user-pool-settings.ts';
import { countUsers } from '../../../store/repositories/user-pools.ts';
import { defineOperation } from '../operation.ts';
import { str, USER_POOL_ID } from '../wire.ts';

export default defineOperation<DescribeUserPoolRequest, DescribeUserPoolResponse>({
  name: 'DescribeUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    return {
      UserPool: toUserPoolType({
        ...pool,
        arnRegion: ctx.region,
        accountId: ctx.accountId,
        estimatedNumberOfUsers: await countUsers(ctx.db, pool.id),
      }),
    };
  },
});
