import type {
  AdminSetUserSettingsRequest,
  AdminSetUserSettingsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseMfaOptions, setLegacyMfaOptions } from '../../../services/mfa/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminSetUserSettingsRequest, AdminSetUserSettingsResponse>({
  name: 'AdminSetUserSettings',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const username = str(input, 'Username', USERNAME);
    const options = parseMfaOptions(input);
    const pool = await loadPool(ctx, userPoolId);
    await setLegacyMfaOptions(ctx, await requireUser(ctx, pool, username), options);
    return {};
  },
});
