import { exportPoolPage, MAX_TRANSFER_USERS } from '../../../services/import-export/index.ts';
import {
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { type PoolWire, poolToWire, type UserWire, userToWire } from '../pool-transfer-shapes.ts';

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

export default defineOperation<CognateExportUserPoolRequest, CognateExportUserPoolResponse>({
  name: 'CognateExportUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const page = await exportPoolPage(ctx, {
      userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
      nextToken: optStr(input, 'NextToken', NEXT_TOKEN),
      limit: optInt(input, 'Limit', { min: 1, max: MAX_TRANSFER_USERS, joint: true }) ?? 100,
    });
    return {
      Pool: page.pool && poolToWire(page.pool),
      Users: page.users.map(userToWire),
      NextToken: page.nextToken,
    };
  },
});
