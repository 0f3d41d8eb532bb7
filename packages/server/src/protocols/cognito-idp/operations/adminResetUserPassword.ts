import type {
  AdminResetUserPasswordRequest,
  AdminResetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { adminResetUserPassword } from '../../../services/admin-user-state.ts';
import { requireUser } from '../../../services/admin-users.ts';
import { loadPool } from '../../../services/client-auth.ts';
import { defineOperation } from '../operation.ts';
import { str, strMap, USER_POOL_ID, USERNAME } from '../wire.ts';

export default defineOperation<AdminResetUserPasswordRequest, AdminResetUserPasswordResponse>({
  name: 'AdminResetUserPassword',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const username = str(input, 'Username', USERNAME);
    strMap(input, 'ClientMetadata');
    await adminResetUserPassword(ctx, pool, await requireUser(ctx, pool, username));
    return {};
  },
});
