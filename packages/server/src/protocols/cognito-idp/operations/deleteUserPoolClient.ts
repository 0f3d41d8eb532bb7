import type { DeleteUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteUserPoolClient } from '../../../services/user-pools/index.ts';
import { CLIENT_ID, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteUserPoolClientRequest, Record<string, never>>({
  name: 'DeleteUserPoolClient',
  auth: 'sigv4',
  async handler(ctx, input) {
    await deleteUserPoolClient(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
      str(input, 'ClientId', CLIENT_ID),
    );
    return {};
  },
});
