import type {
  AdminLinkProviderForUserRequest,
  AdminLinkProviderForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { linkProviderForUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { providerUser } from '../provider-user.ts';

export default defineOperation<AdminLinkProviderForUserRequest, AdminLinkProviderForUserResponse>({
  name: 'AdminLinkProviderForUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const dest = providerUser(input, 'DestinationUser');
    const source = providerUser(input, 'SourceUser');
    await linkProviderForUser(ctx, pool, dest, source);
    return {};
  },
});
