import type { GetOpenIdTokenInput, GetOpenIdTokenResponse } from '@aws-sdk/client-cognito-identity';
import { getOpenIdToken } from '../../../services/identity-pools/openid-token-issue.ts';
import {
  IDENTITY_ID,
  IDENTITY_PROVIDER_NAME,
  IDENTITY_PROVIDER_TOKEN,
  readCheckedMap,
} from '../../../services/identity-pools/settings.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<GetOpenIdTokenInput, GetOpenIdTokenResponse>({
  name: 'GetOpenIdToken',
  auth: 'none',
  // Tokens are verified (an OIDC provider's keys perhaps fetched) before the short write
  // transactions the service opens.
  transaction: false,
  async handler(ctx, input) {
    const identityId = str(input, 'IdentityId', IDENTITY_ID);
    const logins =
      readCheckedMap(input, 'Logins', '', IDENTITY_PROVIDER_NAME, IDENTITY_PROVIDER_TOKEN, 10) ??
      {};
    return getOpenIdToken(ctx, identityId, logins);
  },
});
