import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { authenticate } from '../../../services/tokens/index.ts';
import { attributesToWire, getUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { str, TOKEN } from '../wire.ts';

export default defineOperation<GetUserRequest, GetUserResponse>({
  name: 'GetUser',
  auth: 'accessToken',
  async handler(ctx, input) {
    const caller = await authenticate(ctx, str(input, 'AccessToken', TOKEN));
    const { username, attributes } = getUser(caller);
    // Without MFA Cognito sends no MFAOptions or UserMFASettingList.
    return { Username: username, UserAttributes: attributesToWire(attributes) };
  },
});
