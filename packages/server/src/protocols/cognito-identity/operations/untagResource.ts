import type { UntagResourceInput } from '@aws-sdk/client-cognito-identity';
import { untagIdentityPool } from '../../../services/identity-pools/index.ts';
import { str, strList } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<UntagResourceInput, Record<string, never>>({
  name: 'UntagResource',
  auth: 'sigv4',
  async handler(ctx, input) {
    const arn = str(input, 'ResourceArn', { min: 20, max: 2048 });
    const keys = strList(input, 'TagKeys', { min: 1, max: 128, required: true, maxItems: 50 });
    await untagIdentityPool(ctx, arn, keys);
    return {};
  },
});
