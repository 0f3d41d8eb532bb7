import type {
  AdminSetUserPasswordRequest,
  AdminSetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { adminSetUserPassword } from '../../../services/passwords/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import {
  optBool,
  PASSWORD,
  str,
  USER_POOL_ID,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminSetUserPasswordRequest, AdminSetUserPasswordResponse>({
  name: 'AdminSetUserPassword',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const username = str(input, 'Username', USERNAME);
    const password = str(input, 'Password', PASSWORD);
    await adminSetUserPassword(ctx, pool, username, password, optBool(input, 'Permanent') ?? false);
    return {};
  },
});
