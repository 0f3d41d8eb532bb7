import type { DescribeIdentityInput, IdentityDescription } from '@aws-sdk/client-cognito-identity';
import {
  IDENTITY_ID,
  loadIdentity,
  toIdentityDescription,
} from '../../../services/identity-pools/index.ts';
import { str } from '../../../services/validation/index.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<DescribeIdentityInput, IdentityDescription>({
  name: 'DescribeIdentity',
  auth: 'sigv4',
  async handler(ctx, input) {
    const identity = await loadIdentity(ctx, str(input, 'IdentityId', IDENTITY_ID));
    return toIdentityDescription(identity);
  },
});
