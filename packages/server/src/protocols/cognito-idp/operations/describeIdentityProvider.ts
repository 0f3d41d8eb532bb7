import type {
  DescribeIdentityProviderRequest,
  DescribeIdentityProviderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadIdentityProvider } from '../../../services/federation/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { PROVIDER_NAME, toIdentityProviderType } from '../identity-provider-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DescribeIdentityProviderRequest, DescribeIdentityProviderResponse>({
  name: 'DescribeIdentityProvider',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const name = str(input, 'ProviderName', PROVIDER_NAME);
    const provider = await loadIdentityProvider(ctx, pool, name);
    return { IdentityProvider: toIdentityProviderType(ctx, provider) };
  },
});
