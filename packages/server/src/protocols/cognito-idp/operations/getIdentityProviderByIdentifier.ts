import type {
  GetIdentityProviderByIdentifierRequest,
  GetIdentityProviderByIdentifierResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { providerByIdentifier } from '../../../services/federation/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { IDP_IDENTIFIER, toIdentityProviderType } from '../identity-provider-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<
  GetIdentityProviderByIdentifierRequest,
  GetIdentityProviderByIdentifierResponse
>({
  name: 'GetIdentityProviderByIdentifier',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const identifier = str(input, 'IdpIdentifier', IDP_IDENTIFIER);
    const provider = await providerByIdentifier(ctx, pool, identifier);
    return { IdentityProvider: toIdentityProviderType(ctx, provider) };
  },
});
