import type { SetIdentityPoolRolesInput } from '@aws-sdk/client-cognito-identity';
import { IDENTITY_POOL_ID, setIdentityPoolRoles } from '../../../services/identity-pools/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<SetIdentityPoolRolesInput, Record<string, never>>({
  name: 'SetIdentityPoolRoles',
  auth: 'sigv4',
  async handler(ctx, input) {
    await setIdentityPoolRoles(ctx, str(input, 'IdentityPoolId', IDENTITY_POOL_ID), input);
    return {};
  },
});
