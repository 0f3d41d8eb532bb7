import type {
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmForgotPassword } from '../../../services/passwords/index.ts';
import { loadClient } from '../../../services/user-pools/index.ts';
import {
  CLIENT_ID,
  CODE,
  optStr,
  PASSWORD,
  SECRET_HASH,
  str,
  strMap,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse>({
  name: 'ConfirmForgotPassword',
  auth: 'none',
  // The reset commits in the service's own transaction, then PostConfirmation runs.
  transaction: false,
  async handler(ctx, input) {
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const username = str(input, 'Username', USERNAME);
    const code = str(input, 'ConfirmationCode', CODE);
    const password = str(input, 'Password', PASSWORD);
    const secretHash = optStr(input, 'SecretHash', SECRET_HASH);
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId);
    await confirmForgotPassword(ctx, {
      pool,
      client,
      username,
      code,
      password,
      secretHash,
      clientMetadata,
    });
    return {};
  },
});
