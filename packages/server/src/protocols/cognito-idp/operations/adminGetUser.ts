import type {
  AdminGetUserRequest,
  AdminGetUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { readUserMfaView } from '../../../services/mfa/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { attributesToWire, requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminGetUserRequest, AdminGetUserResponse>({
  name: 'AdminGetUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const user = await requireUser(ctx, pool, str(input, 'Username', USERNAME));
    return {
      Username: user.username,
      UserAttributes: attributesToWire(user.attributes),
      UserCreateDate: user.createdAt,
      UserLastModifiedDate: user.updatedAt,
      Enabled: user.enabled,
      UserStatus: user.status,
      // MFAOptions, PreferredMfaSetting and UserMFASettingList only as the user's settings call for.
      ...(await readUserMfaView(ctx, user)),
    };
  },
});
