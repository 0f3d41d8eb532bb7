import type {
  VerifySoftwareTokenRequest,
  VerifySoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { verifySoftwareToken } from '../../../services/mfa/index.ts';
import { optStr, str } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { tokenOwner } from '../software-token-owner.ts';

export default defineOperation<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>({
  name: 'VerifySoftwareToken',
  // An access token or an MFA_SETUP Session: the caller is resolved from whichever is given.
  auth: 'none',
  // Every write is one atomic statement; a counted try must stick when the code is wrong.
  transaction: false,
  async handler(ctx, input) {
    const code = str(input, 'UserCode', { min: 6, max: 6, pattern: '[0-9]+' });
    optStr(input, 'FriendlyDeviceName');
    return verifySoftwareToken(ctx, await tokenOwner(ctx, input), code);
  },
});
