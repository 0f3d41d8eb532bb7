import type {
  ForgotPasswordRequest,
  ForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { forgotPassword } from '../../../services/passwords/index.ts';
import { loadClient } from '../../../services/user-pools/index.ts';
import {
  CLIENT_ID,
  optStr,
  SECRET_HASH,
  str,
  strMap,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ForgotPasswordRequest, ForgotPasswordResponse>({
  name: 'ForgotPassword',
  auth: 'none',
  existenceFloor: true,
  // The UserMigration trigger may run for seconds: the service opens its own short transaction.
  transaction: false,
  async handler(ctx, input) {
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const username = str(input, 'Username', USERNAME);
    const secretHash = optStr(input, 'SecretHash', SECRET_HASH);
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId);
    return {
      CodeDeliveryDetails: await forgotPassword(ctx, {
        pool,
        client,
        username,
        secretHash,
        clientMetadata,
      }),
    };
  },
});
