import type {
  AdminResetUserPasswordRequest,
  AdminResetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { adminResetUserPassword, requireUser } from '../../../services/users/index.ts';
import { str, strMap, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminResetUserPasswordRequest, AdminResetUserPasswordResponse>({
  name: 'AdminResetUserPassword',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const username = str(input, 'Username', USERNAME);
    const clientMetadata = strMap(input, 'ClientMetadata');
    await adminResetUserPassword(ctx, pool, await requireUser(ctx, pool, username), clientMetadata);
    return {};
  },
});
