import type { DeleteIdentityProviderRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteIdentityProvider } from '../../../services/federation/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { PROVIDER_NAME } from '../identity-provider-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteIdentityProviderRequest, Record<string, never>>({
  name: 'DeleteIdentityProvider',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    await deleteIdentityProvider(ctx, pool, str(input, 'ProviderName', PROVIDER_NAME));
    return {};
  },
});
