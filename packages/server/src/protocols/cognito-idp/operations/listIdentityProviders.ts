import type {
  ListIdentityProvidersRequest,
  ListIdentityProvidersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { listIdentityProviders } from '../../../services/federation/index.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { optInt, optStr, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ListIdentityProvidersRequest, ListIdentityProvidersResponse>({
  name: 'ListIdentityProviders',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const limit = optInt(input, 'MaxResults', { min: 1, max: 60 }) ?? 60;
    const token = optStr(input, 'NextToken', { max: 131072, pattern: '[\\S]+' });
    const page = await listIdentityProviders(ctx, pool, limit, token);
    return {
      Providers: page.providers.map((p) => ({
        ProviderName: p.providerName,
        ProviderType: p.providerType,
        LastModifiedDate: new Date(p.updatedAt),
        CreationDate: new Date(p.createdAt),
      })),
      NextToken: page.nextToken,
    };
  },
});
