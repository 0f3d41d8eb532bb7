import type {
  MergeDeveloperIdentitiesInput,
  MergeDeveloperIdentitiesResponse,
} from '@aws-sdk/client-cognito-identity';
import { mergeDeveloperIdentities } from '../../../services/identity-pools/developer.ts';
import {
  DEVELOPER_PROVIDER_NAME,
  IDENTITY_POOL_ID,
} from '../../../services/identity-pools/settings.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

const USER_IDENTIFIER = { min: 1, max: 1024 };

export default defineOperation<MergeDeveloperIdentitiesInput, MergeDeveloperIdentitiesResponse>({
  name: 'MergeDeveloperIdentities',
  auth: 'sigv4',
  async handler(ctx, input) {
    const identityId = await mergeDeveloperIdentities(ctx, {
      source: str(input, 'SourceUserIdentifier', USER_IDENTIFIER),
      destination: str(input, 'DestinationUserIdentifier', USER_IDENTIFIER),
      providerName: str(input, 'DeveloperProviderName', DEVELOPER_PROVIDER_NAME),
      identityPoolId: str(input, 'IdentityPoolId', IDENTITY_POOL_ID),
    });
    return { IdentityId: identityId };
  },
});
