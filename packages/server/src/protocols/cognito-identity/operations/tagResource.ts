import type { TagResourceInput } from '@aws-sdk/client-cognito-identity';
import { tagIdentityPool } from '../../../services/identity-pools/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<TagResourceInput, Record<string, never>>({
  name: 'TagResource',
  auth: 'sigv4',
  async handler(ctx, input) {
    await tagIdentityPool(ctx, input);
    return {};
  },
});
