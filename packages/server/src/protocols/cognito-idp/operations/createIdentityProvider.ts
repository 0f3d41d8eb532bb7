import type {
  CreateIdentityProviderRequest,
  CreateIdentityProviderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { createIdentityProvider } from '../../../services/federation/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID, validationError } from '../../../services/validation/index.ts';
import {
  NEW_PROVIDER_NAME,
  providerMembers,
  providerType,
  toIdentityProviderType,
} from '../identity-provider-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<CreateIdentityProviderRequest, CreateIdentityProviderResponse>({
  name: 'CreateIdentityProvider',
  auth: 'sigv4',
  // An OIDC provider's discovery document is fetched before anything is written: no database
  // lock is held across the network.
  transaction: false,
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const name = str(input, 'ProviderName', NEW_PROVIDER_NAME);
    const type = providerType(input);
    const members = providerMembers(input);
    if (!members.details) validationError(null, 'providerDetails', 'Member must not be null');
    const provider = await createIdentityProvider(ctx, pool, name, {
      ...members,
      providerType: type,
      details: members.details,
    });
    return { IdentityProvider: toIdentityProviderType(ctx, provider) };
  },
});
