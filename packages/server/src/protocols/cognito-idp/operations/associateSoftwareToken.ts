import type {
  AssociateSoftwareTokenRequest,
  AssociateSoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { associateSoftwareToken } from '../../../services/mfa/index.ts';
import { defineOperation } from '../operation.ts';
import { tokenOwner } from '../software-token-owner.ts';

export default defineOperation<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>({
  name: 'AssociateSoftwareToken',
  // An access token or an MFA_SETUP Session: the caller is resolved from whichever is given.
  auth: 'none',
  transaction: false,
  async handler(ctx, input) {
    return associateSoftwareToken(ctx, await tokenOwner(ctx, input));
  },
});
