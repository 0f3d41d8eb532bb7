import type {
  GetOpenIdTokenForDeveloperIdentityInput,
  GetOpenIdTokenForDeveloperIdentityResponse,
} from '@aws-sdk/client-cognito-identity';
import { getOpenIdTokenForDeveloperIdentity } from '../../../services/identity-pools/openid-token-issue.ts';
import {
  IDENTITY_ID,
  IDENTITY_POOL_ID,
  IDENTITY_PROVIDER_NAME,
  IDENTITY_PROVIDER_TOKEN,
  readCheckedMap,
} from '../../../services/identity-pools/settings.ts';
import { optInt, optStr, str } from '../../../services/validation/index.ts';
import { validationError } from '../../../services/validation/messages.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<
  GetOpenIdTokenForDeveloperIdentityInput,
  GetOpenIdTokenForDeveloperIdentityResponse
>({
  name: 'GetOpenIdTokenForDeveloperIdentity',
  auth: 'sigv4',
  // Tokens are verified (an OIDC provider's keys perhaps fetched) before the short write
  // transactions the service opens.
  transaction: false,
  async handler(ctx, input) {
    const identityPoolId = str(input, 'IdentityPoolId', IDENTITY_POOL_ID);
    const identityId = optStr(input, 'IdentityId', IDENTITY_ID);
    const logins = readCheckedMap(
      input,
      'Logins',
      '',
      IDENTITY_PROVIDER_NAME,
      IDENTITY_PROVIDER_TOKEN,
      10,
    );
    if (!logins) validationError(null, 'logins', 'Member must not be null');
    const principalTags = readCheckedMap(
      input,
      'PrincipalTags',
      '',
      { min: 1, max: 128 },
      { min: 0, max: 256 },
      50,
    );
    const tokenDuration = optInt(input, 'TokenDuration', { min: 1, max: 86400 });
    return getOpenIdTokenForDeveloperIdentity(ctx, {
      identityPoolId,
      identityId,
      logins,
      principalTags,
      tokenDuration,
    });
  },
});
