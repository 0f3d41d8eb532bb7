import type {
  ListUserPoolClientsRequest,
  ListUserPoolClientsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  listUserPoolClients,
  toUserPoolClientDescription,
} from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ListUserPoolClientsRequest, ListUserPoolClientsResponse>({
  name: 'ListUserPoolClients',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { clients, nextToken } = await listUserPoolClients(
      ctx,
      str(input, 'UserPoolId', USER_POOL_ID),
      input.MaxResults,
      input.NextToken,
    );
    return { UserPoolClients: clients.map(toUserPoolClientDescription), NextToken: nextToken };
  },
});
