import type {
  AdminEnableUserRequest,
  AdminEnableUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser, setUserEnabled } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminEnableUserRequest, AdminEnableUserResponse>({
  name: 'AdminEnableUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const user = await requireUser(ctx, pool, str(input, 'Username', USERNAME));
    await setUserEnabled(ctx, user, true);
    return {};
  },
});
