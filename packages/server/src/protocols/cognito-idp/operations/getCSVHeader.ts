import type {
  GetCSVHeaderRequest,
  GetCSVHeaderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { csvHeader } from '../../../services/import-export/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetCSVHeaderRequest, GetCSVHeaderResponse>({
  name: 'GetCSVHeader',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
  },
});
