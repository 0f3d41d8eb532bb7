import type {
  DescribeResourceServerRequest,
  DescribeResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { describeResourceServer } from '../../../services/resource-servers/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { RESOURCE_SERVER_IDENTIFIER, toResourceServerType } from '../resource-server-shapes.ts';

export default defineOperation<DescribeResourceServerRequest, DescribeResourceServerResponse>({
  name: 'DescribeResourceServer',
  auth: 'sigv4',
  async handler(ctx, input) {
    const server = await describeResourceServer(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
      str(input, 'Identifier', RESOURCE_SERVER_IDENTIFIER),
    );
    return { ResourceServer: toResourceServerType(server) };
  },
});
