import type {
  AdminSetUserMFAPreferenceRequest,
  AdminSetUserMFAPreferenceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseMfaPreferences, setMfaPreference } from '../../../services/mfa/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { requireUser } from '../../../services/users/index.ts';
import { str, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminSetUserMFAPreferenceRequest, AdminSetUserMFAPreferenceResponse>(
  {
    name: 'AdminSetUserMFAPreference',
    auth: 'sigv4',
    async handler(ctx, input) {
      const prefs = parseMfaPreferences(input);
      const username = str(input, 'Username', USERNAME);
      const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
      const pool = await loadPool(ctx, userPoolId);
      await setMfaPreference(ctx, await requireUser(ctx, pool, username), prefs);
      return {};
    },
  },
);
