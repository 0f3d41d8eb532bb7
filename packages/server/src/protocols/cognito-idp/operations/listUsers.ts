import type {
  ListUsersRequest,
  ListUsersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { listUsers } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { userType } from '../shapes.ts';
import { optStr, str, strList, USER_POOL_ID } from '../wire.ts';

// Constraints from the Cognito API reference (UserFilterType, SearchPaginationTokenType,
// QueryLimitType, AttributeNameType).
const FILTER = { min: 0, max: 256 };
const PAGINATION_TOKEN = { pattern: /^[\S]+$/ };
const MAX_LIMIT = 60;
const ATTRIBUTE_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/** Limit: 0 to 60 in Cognito's model; absent (and 0, not Cognito-verified) mean 60. */
function limitOf(value: unknown): number {
  if (value === undefined || value === null) return MAX_LIMIT;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidParameterException('Invalid type for limit: expected an integer.');
  }
  if (value < 0 || value > MAX_LIMIT) {
    const bound = value < 0 ? 'greater than or equal to 0' : `less than or equal to ${MAX_LIMIT}`;
    throw new InvalidParameterException(
      `1 validation error detected: Value '${value}' at 'limit' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  return value === 0 ? MAX_LIMIT : value;
}

function attributeNames(input: Record<string, unknown>): string[] | undefined {
  const names = strList(input, 'AttributesToGet');
  names?.forEach((name, i) => {
    const problem =
      name.length < 1
        ? 'Member must have length greater than or equal to 1'
        : name.length > 32
          ? 'Member must have length less than or equal to 32'
          : ATTRIBUTE_NAME.test(name)
            ? undefined
            : `Member must satisfy regular expression pattern: ${ATTRIBUTE_NAME.source}`;
    if (problem) {
      throw new InvalidParameterException(
        `1 validation error detected: Value '${name}' at 'attributesToGet.${i + 1}.member' failed to satisfy constraint: ${problem}`,
      );
    }
  });
  return names;
}

export default defineOperation<ListUsersRequest, ListUsersResponse>({
  name: 'ListUsers',
  auth: 'sigv4',
  // Read-only: no transaction, so listing never holds SQLite's write lock.
  transaction: false,
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const page = await listUsers(ctx, pool, {
      filter: optStr(input, 'Filter', FILTER),
      limit: limitOf(input.Limit),
      paginationToken: optStr(input, 'PaginationToken', PAGINATION_TOKEN),
      attributesToGet: attributeNames(input),
    });
    return {
      Users: page.users.map(userType),
      PaginationToken: page.paginationToken,
    };
  },
});
