import { InvalidParameterException } from '../../../services/errors.ts';
import { exportPoolPage, MAX_TRANSFER_USERS } from '../../../services/import-export/index.ts';
import { defineOperation } from '../operation.ts';
import { type PoolWire, poolToWire, type UserWire, userToWire } from '../pool-transfer-shapes.ts';
import { optStr, str, USER_POOL_ID } from '../wire.ts';

// A Cognate extension: Cognito has no export of password verifiers. With
// CognateImportUserPool it moves a pool to another Cognate server with no password reset.

/** CognateExportUserPool request. */
export interface CognateExportUserPoolRequest {
  UserPoolId: string | undefined;
  /** From the previous page; absent for the first page, which carries the pool. */
  NextToken?: string;
  /** Users per page, 1-1000. @default 100 */
  Limit?: number;
}

/** CognateExportUserPool response: what CognateImportUserPool takes back. */
export interface CognateExportUserPoolResponse {
  Pool?: PoolWire;
  Users: UserWire[];
  NextToken?: string;
}

function limit(value: unknown): number {
  if (value === undefined || value === null) return 100;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_TRANSFER_USERS
  ) {
    throw new InvalidParameterException(
      `1 validation error detected: Value '${String(value)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_TRANSFER_USERS} and greater than or equal to 1`,
    );
  }
  return value;
}

export default defineOperation<CognateExportUserPoolRequest, CognateExportUserPoolResponse>({
  name: 'CognateExportUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const page = await exportPoolPage(ctx, {
      userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
      nextToken: optStr(input, 'NextToken', { pattern: /^[\S]+$/ }),
      limit: limit(input.Limit),
    });
    return {
      Pool: page.pool && poolToWire(page.pool),
      Users: page.users.map(userToWire),
      NextToken: page.nextToken,
    };
  },
});
