import type { IdentityPool } from '@aws-sdk/client-cognito-identity';
import { updateIdentityPool } from '../../../services/identity-pools/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<IdentityPool, IdentityPool>({
  name: 'UpdateIdentityPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    return updateIdentityPool(ctx, input);
  },
});
