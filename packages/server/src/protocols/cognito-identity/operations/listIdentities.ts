import type { ListIdentitiesInput, ListIdentitiesResponse } from '@aws-sdk/client-cognito-identity';
import {
  IDENTITY_POOL_ID,
  listIdentities,
  PAGINATION_KEY,
} from '../../../services/identity-pools/index.ts';
import { optBool, optStr, str } from '../../../services/validation/index.ts';
import { validationError } from '../../../services/validation/messages.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<ListIdentitiesInput, ListIdentitiesResponse>({
  name: 'ListIdentities',
  auth: 'sigv4',
  async handler(ctx, input) {
    const identityPoolId = str(input, 'IdentityPoolId', IDENTITY_POOL_ID);
    if (input.MaxResults === undefined || input.MaxResults === null) {
      validationError(null, 'maxResults', 'Member must not be null');
    }
    const nextToken = optStr(input, 'NextToken', PAGINATION_KEY);
    const hideDisabled = optBool(input, 'HideDisabled') ?? false;
    const { identities, nextToken: next } = await listIdentities(
      ctx,
      identityPoolId,
      input.MaxResults,
      nextToken,
      hideDisabled,
    );
    return { IdentityPoolId: identityPoolId, Identities: identities, NextToken: next };
  },
});
