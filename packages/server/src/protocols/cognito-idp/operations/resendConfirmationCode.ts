import type {
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { resendConfirmationCode } from '../../../services/sign-up/index.ts';
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

export default defineOperation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse>({
  name: 'ResendConfirmationCode',
  auth: 'none',
  existenceFloor: true,
  async handler(ctx, input) {
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const username = str(input, 'Username', USERNAME);
    const secretHash = optStr(input, 'SecretHash', SECRET_HASH);
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId);
    const details = await resendConfirmationCode(ctx, {
      pool,
      client,
      username,
      secretHash,
      clientMetadata,
    });
    return { CodeDeliveryDetails: details };
  },
});
