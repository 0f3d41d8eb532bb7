import type {
  ListUsersRequest,
  ListUsersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listUsers } from '../../../services/users/index.ts';
import {
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  strList,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { userType } from '../shapes.ts';

// Constraints from the Cognito API reference (UserFilterType, SearchPaginationTokenType,
// QueryLimitType, AttributeNameType).
const FILTER = { min: 0, max: 256 };
const MAX_LIMIT = 60;
const ATTRIBUTE_NAME = { min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };

export default defineOperation<ListUsersRequest, ListUsersResponse>({
  name: 'ListUsers',
  auth: 'sigv4',
  // Read-only: no transaction, so listing never holds SQLite's write lock.
  transaction: false,
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const page = await listUsers(ctx, pool, {
      filter: optStr(input, 'Filter', FILTER),
      // Limit: 0 to 60 in Cognito's model; absent (and 0, not Cognito-verified) mean 60.
      limit: optInt(input, 'Limit', { min: 0, max: MAX_LIMIT }) || MAX_LIMIT,
      paginationToken: optStr(input, 'PaginationToken', NEXT_TOKEN),
      attributesToGet: strList(input, 'AttributesToGet', ATTRIBUTE_NAME),
    });
    return {
      Users: page.users.map(userType),
      PaginationToken: page.paginationToken,
    };
  },
});
