import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { toUserPoolClientType } from '../../../services/user-pool-client-settings.ts';
import { createUserPoolClient } from '../../../services/user-pools.ts';
import { defineOperation } from '../operation.ts';
import { str, USER_POOL_ID } from '../wire.ts';

export default defineOperation<CreateUserPoolClientRequest, CreateUserPoolClientResponse>({
  name: 'CreateUserPoolClient',
  auth: 'sigv4',
  async handler(ctx, input) {
    str(input, 'UserPoolId', USER_POOL_ID);
    const client = await createUserPoolClient(ctx, input);
    return { UserPoolClient: toUserPoolClientType(client) };
  },
});
