import type {
  UpdateIdentityProviderRequest,
  UpdateIdentityProviderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { updateIdentityProvider } from '../../../services/federation/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import {
  PROVIDER_NAME,
  providerMembers,
  toIdentityProviderType,
} from '../identity-provider-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<UpdateIdentityProviderRequest, UpdateIdentityProviderResponse>({
  name: 'UpdateIdentityProvider',
  auth: 'sigv4',
  // As CreateIdentityProvider: discovery runs before the single write.
  transaction: false,
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const name = str(input, 'ProviderName', PROVIDER_NAME);
    const provider = await updateIdentityProvider(ctx, pool, name, providerMembers(input));
    return { IdentityProvider: toIdentityProviderType(ctx, provider) };
  },
});
