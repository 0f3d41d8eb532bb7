import type {
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { toUserPoolClientType, updateUserPoolClient } from '../../../services/user-pools/index.ts';
import { CLIENT_ID, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>({
  name: 'UpdateUserPoolClient',
  auth: 'sigv4',
  async handler(ctx, input) {
    str(input, 'UserPoolId', USER_POOL_ID);
    str(input, 'ClientId', CLIENT_ID);
    const client = await updateUserPoolClient(ctx, input);
    return { UserPoolClient: toUserPoolClientType(client) };
  },
});
