import type {
  ListResourceServersRequest,
  ListResourceServersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { listResourceServers } from '../../../services/resource-servers/index.ts';
import {
  compact,
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { toResourceServerType } from '../resource-server-shapes.ts';

export default defineOperation<ListResourceServersRequest, ListResourceServersResponse>({
  name: 'ListResourceServers',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const maxResults = optInt(input, 'MaxResults', { min: 1, max: 50 }) ?? 50;
    const nextToken = optStr(input, 'NextToken', NEXT_TOKEN);
    const page = await listResourceServers(ctx, userPoolId, maxResults, nextToken);
    return compact({
      ResourceServers: page.servers.map(toResourceServerType),
      NextToken: page.nextToken,
    });
  },
});
