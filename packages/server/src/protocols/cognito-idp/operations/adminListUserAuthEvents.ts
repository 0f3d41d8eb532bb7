import type {
  AdminListUserAuthEventsRequest,
  AdminListUserAuthEventsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listAuthEvents, MAX_AUTH_EVENTS, requireUser } from '../../../services/users/index.ts';
import {
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse>({
  name: 'AdminListUserAuthEvents',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const username = str(input, 'Username', USERNAME);
    const maxResults = optInt(input, 'MaxResults', { min: 0, max: MAX_AUTH_EVENTS });
    const nextToken = optStr(input, 'NextToken', NEXT_TOKEN);
    const user = await requireUser(ctx, pool, username);
    const page = await listAuthEvents(ctx, pool, user, { maxResults, nextToken });
    return { AuthEvents: page.events, NextToken: page.nextToken };
  },
});
