import type {
  ConfirmSignUpRequest,
  ConfirmSignUpResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignUp } from '../../../services/sign-up/index.ts';
import { loadClient } from '../../../services/user-pools/index.ts';
import {
  CLIENT_ID,
  CODE,
  optBool,
  optStr,
  SECRET_HASH,
  str,
  strMap,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ConfirmSignUpRequest, ConfirmSignUpResponse>({
  name: 'ConfirmSignUp',
  auth: 'none',
  // The confirmation commits in the service's own transaction, then PostConfirmation runs.
  transaction: false,
  async handler(ctx, input) {
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const username = str(input, 'Username', USERNAME);
    const code = str(input, 'ConfirmationCode', CODE);
    const secretHash = optStr(input, 'SecretHash', SECRET_HASH);
    const forceAliasCreation = optBool(input, 'ForceAliasCreation');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId);
    await confirmSignUp(ctx, {
      pool,
      client,
      username,
      code,
      secretHash,
      forceAliasCreation,
      clientMetadata,
    });
    return {};
  },
});
