import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { createUserPoolClient, toUserPoolClientType } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<CreateUserPoolClientRequest, CreateUserPoolClientResponse>({
  name: 'CreateUserPoolClient',
  auth: 'sigv4',
  async handler(ctx, input) {
    str(input, 'UserPoolId', USER_POOL_ID);
    const client = await createUserPoolClient(ctx, input);
    return { UserPoolClient: toUserPoolClientType(client) };
  },
});
