import type { DeleteResourceServerRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteResourceServer } from '../../../services/resource-servers/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { RESOURCE_SERVER_IDENTIFIER } from '../resource-server-shapes.ts';

export default defineOperation<DeleteResourceServerRequest, Record<string, never>>({
  name: 'DeleteResourceServer',
  auth: 'sigv4',
  async handler(ctx, input) {
    await deleteResourceServer(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
      str(input, 'Identifier', RESOURCE_SERVER_IDENTIFIER),
    );
    return {};
  },
});
