import type {
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPoolClient, toUserPoolClientType } from '../../../services/user-pools/index.ts';
import { CLIENT_ID, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse>({
  name: 'DescribeUserPoolClient',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { client } = await loadPoolClient(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
      str(input, 'ClientId', CLIENT_ID),
    );
    return { UserPoolClient: toUserPoolClientType(client) };
  },
});
