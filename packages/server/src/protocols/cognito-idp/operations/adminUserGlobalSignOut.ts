import type {
  AdminUserGlobalSignOutRequest,
  AdminUserGlobalSignOutResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { signOutEverywhere } from '../../../services/tokens/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse>({
  name: 'AdminUserGlobalSignOut',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const user = await requireUser(ctx, pool, str(input, 'Username', USERNAME));
    await signOutEverywhere(ctx, user);
    return {};
  },
});
