import type {
  CreateUserPoolRequest,
  CreateUserPoolResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { createUserPool, toUserPoolType } from '../../../services/user-pools/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<CreateUserPoolRequest, CreateUserPoolResponse>({
  name: 'CreateUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await createUserPool(ctx, input);
    return {
      UserPool: toUserPoolType({
        ...pool,
        arnRegion: ctx.region,
        accountId: ctx.accountId,
        estimatedNumberOfUsers: 0,
      }),
    };
  },
});
