import type {
  UpdateUserPoolRequest,
  UpdateUserPoolResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { updateUserPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<UpdateUserPoolRequest, UpdateUserPoolResponse>({
  name: 'UpdateUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    str(input, 'UserPoolId', USER_POOL_ID);
    await updateUserPool(ctx, input);
    return {};
  },
});
