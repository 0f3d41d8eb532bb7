import type {
  AdminConfirmSignUpRequest,
  AdminConfirmSignUpResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { adminConfirmSignUp } from '../../../services/sign-up/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, strMap, USER_POOL_ID, USERNAME } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminConfirmSignUpRequest, AdminConfirmSignUpResponse>({
  name: 'AdminConfirmSignUp',
  auth: 'sigv4',
  // The confirmation commits in the service's own transaction, then PostConfirmation runs.
  transaction: false,
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const clientMetadata = strMap(input, 'ClientMetadata');
    await adminConfirmSignUp(ctx, pool, str(input, 'Username', USERNAME), clientMetadata);
    return {};
  },
});
