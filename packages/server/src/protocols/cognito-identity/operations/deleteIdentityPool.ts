import type { DeleteIdentityPoolInput } from '@aws-sdk/client-cognito-identity';
import { deleteIdentityPool, IDENTITY_POOL_ID } from '../../../services/identity-pools/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<DeleteIdentityPoolInput, Record<string, never>>({
  name: 'DeleteIdentityPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    await deleteIdentityPool(ctx, str(input, 'IdentityPoolId', IDENTITY_POOL_ID));
    return {};
  },
});
