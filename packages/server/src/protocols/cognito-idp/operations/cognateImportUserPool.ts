import { InvalidParameterException } from '../../../services/errors.ts';
import { importPool, MAX_TRANSFER_USERS } from '../../../services/import-export/index.ts';
import { optStr, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import {
  type PoolWire,
  poolFromWire,
  type UserWire,
  userFromWire,
} from '../pool-transfer-shapes.ts';

// A Cognate extension, the other half of CognateExportUserPool. One call is one transaction.

/** CognateImportUserPool request: `Pool` (first call, from the first export page) or `UserPoolId`. */
export interface CognateImportUserPoolRequest {
  Pool?: PoolWire;
  UserPoolId?: string;
  /** At most 1000 (and within the server's request body limit). */
  Users: UserWire[] | undefined;
}

/** CognateImportUserPool response. */
export interface CognateImportUserPoolResponse {
  UserPoolId: string;
  /** True when this call created the pool (with its clients and groups). */
  PoolCreated: boolean;
  ImportedUsers: number;
  /** Users that exist already (same sub, username or username attribute): left unchanged. */
  SkippedUsers: number;
  /** Users whose alias (verified email or phone, preferred_username) another user holds. */
  FailedUsers: number;
}

export default defineOperation<CognateImportUserPoolRequest, CognateImportUserPoolResponse>({
  name: 'CognateImportUserPool',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool =
      input.Pool === undefined || input.Pool === null ? undefined : poolFromWire(input.Pool);
    const userPoolId = optStr(input, 'UserPoolId', USER_POOL_ID);
    if (!pool && !userPoolId) {
      throw new InvalidParameterException('Either Pool or UserPoolId is required.');
    }
    if (pool && userPoolId && userPoolId !== pool.pool.id) {
      throw new InvalidParameterException('UserPoolId does not match Pool.Id.');
    }
    if (!Array.isArray(input.Users)) {
      throw new InvalidParameterException('Invalid users: expected a list of users.');
    }
    if (input.Users.length > MAX_TRANSFER_USERS) {
      throw new InvalidParameterException(
        `At most ${MAX_TRANSFER_USERS} users can be imported in one call.`,
      );
    }
    const counts = await importPool(ctx, {
      pool,
      userPoolId,
      users: input.Users.map((u, i) => userFromWire(u, i)),
    });
    return {
      UserPoolId: counts.userPoolId,
      PoolCreated: counts.poolCreated,
      ImportedUsers: counts.imported,
      SkippedUsers: counts.skipped,
      FailedUsers: counts.failed,
    };
  },
});
