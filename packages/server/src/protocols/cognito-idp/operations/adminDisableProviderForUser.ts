import type {
  AdminDisableProviderForUserRequest,
  AdminDisableProviderForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { disableProviderForUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { providerUser } from '../provider-user.ts';

export default defineOperation<
  AdminDisableProviderForUserRequest,
  AdminDisableProviderForUserResponse
>({
  name: 'AdminDisableProviderForUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    await disableProviderForUser(ctx, pool, providerUser(input, 'User'));
    return {};
  },
});
