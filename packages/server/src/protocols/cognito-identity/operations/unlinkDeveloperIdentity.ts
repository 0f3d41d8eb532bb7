import type { UnlinkDeveloperIdentityInput } from '@aws-sdk/client-cognito-identity';
import { unlinkDeveloperIdentity } from '../../../services/identity-pools/developer.ts';
import {
  DEVELOPER_PROVIDER_NAME,
  IDENTITY_ID,
  IDENTITY_POOL_ID,
} from '../../../services/identity-pools/settings.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<UnlinkDeveloperIdentityInput, Record<string, never>>({
  name: 'UnlinkDeveloperIdentity',
  auth: 'sigv4',
  async handler(ctx, input) {
    await unlinkDeveloperIdentity(ctx, {
      identityId: str(input, 'IdentityId', IDENTITY_ID),
      identityPoolId: str(input, 'IdentityPoolId', IDENTITY_POOL_ID),
      providerName: str(input, 'DeveloperProviderName', DEVELOPER_PROVIDER_NAME),
      userIdentifier: str(input, 'DeveloperUserIdentifier', { min: 1, max: 1024 }),
    });
    return {};
  },
});
