import type {
  GetCredentialsForIdentityInput,
  GetCredentialsForIdentityResponse,
} from '@aws-sdk/client-cognito-identity';
import { getCredentialsForIdentity } from '../../../services/credentials/issue.ts';
import {
  ARN_STRING,
  IDENTITY_ID,
  IDENTITY_PROVIDER_NAME,
  IDENTITY_PROVIDER_TOKEN,
  readCheckedMap,
} from '../../../services/identity-pools/settings.ts';
import { optStr, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<GetCredentialsForIdentityInput, GetCredentialsForIdentityResponse>({
  name: 'GetCredentialsForIdentity',
  auth: 'none',
  async handler(ctx, input) {
    const identityId = str(input, 'IdentityId', IDENTITY_ID);
    const logins =
      readCheckedMap(input, 'Logins', '', IDENTITY_PROVIDER_NAME, IDENTITY_PROVIDER_TOKEN, 10) ??
      {};
    const customRoleArn = optStr(input, 'CustomRoleArn', ARN_STRING);
    return getCredentialsForIdentity(ctx, identityId, logins, customRoleArn);
  },
});
