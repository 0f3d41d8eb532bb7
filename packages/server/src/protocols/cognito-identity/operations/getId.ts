import type { GetIdInput, GetIdResponse } from '@aws-sdk/client-cognito-identity';
import {
  ACCOUNT_ID,
  getId,
  IDENTITY_POOL_ID,
  IDENTITY_PROVIDER_NAME,
  IDENTITY_PROVIDER_TOKEN,
  readCheckedMap,
} from '../../../services/identity-pools/index.ts';
import { optStr, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<GetIdInput, GetIdResponse>({
  name: 'GetId',
  auth: 'none',
  // Tokens are verified (an OIDC provider's keys perhaps fetched) before the short write
  // transaction the service opens.
  transaction: false,
  async handler(ctx, input) {
    const identityPoolId = str(input, 'IdentityPoolId', IDENTITY_POOL_ID);
    optStr(input, 'AccountId', ACCOUNT_ID);
    const logins =
      readCheckedMap(input, 'Logins', '', IDENTITY_PROVIDER_NAME, IDENTITY_PROVIDER_TOKEN, 10) ??
      {};
    return { IdentityId: await getId(ctx, identityPoolId, logins) };
  },
});
