import type {
  GetIdentityPoolRolesInput,
  GetIdentityPoolRolesResponse,
} from '@aws-sdk/client-cognito-identity';
import { getIdentityPoolRoles, IDENTITY_POOL_ID } from '../../../services/identity-pools/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<GetIdentityPoolRolesInput, GetIdentityPoolRolesResponse>({
  name: 'GetIdentityPoolRoles',
  auth: 'sigv4',
  async handler(ctx, input) {
    return getIdentityPoolRoles(ctx, str(input, 'IdentityPoolId', IDENTITY_POOL_ID));
  },
});
