import type {
  LookupDeveloperIdentityInput,
  LookupDeveloperIdentityResponse,
} from '@aws-sdk/client-cognito-identity';
import { lookupDeveloperIdentity } from '../../../services/identity-pools/developer.ts';
import {
  IDENTITY_ID,
  IDENTITY_POOL_ID,
  PAGINATION_KEY,
} from '../../../services/identity-pools/settings.ts';
import { optInt, optStr, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<LookupDeveloperIdentityInput, LookupDeveloperIdentityResponse>({
  name: 'LookupDeveloperIdentity',
  auth: 'sigv4',
  async handler(ctx, input) {
    return lookupDeveloperIdentity(ctx, {
      identityPoolId: str(input, 'IdentityPoolId', IDENTITY_POOL_ID),
      identityId: optStr(input, 'IdentityId', IDENTITY_ID),
      userIdentifier: optStr(input, 'DeveloperUserIdentifier', { min: 1, max: 1024 }),
      maxResults: optInt(input, 'MaxResults', { min: 1, max: 60 }),
      nextToken: optStr(input, 'NextToken', PAGINATION_KEY),
    });
  },
});
