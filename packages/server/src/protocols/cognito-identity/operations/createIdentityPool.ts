import type { CreateIdentityPoolInput, IdentityPool } from '@aws-sdk/client-cognito-identity';
import { createIdentityPool, toIdentityPoolType } from '../../../services/identity-pools/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<CreateIdentityPoolInput, IdentityPool>({
  name: 'CreateIdentityPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { pool, tags } = await createIdentityPool(ctx, input);
    return toIdentityPoolType(pool, tags);
  },
});
