import type {
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { toUserPoolClientType } from '../../../services/user-pool-client-settings.ts';
import { updateUserPoolClient } from '../../../services/user-pools.ts';
import { defineOperation } from '../operation.ts';
import { CLIENT_ID, str, USER_POOL_ID } from '../wire.ts';

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
