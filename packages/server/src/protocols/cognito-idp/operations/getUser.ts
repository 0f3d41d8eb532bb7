import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { attributesToWire, getUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetUserRequest, GetUserResponse>({
  name: 'GetUser',
  auth: 'accessToken',
  handler: () => async (caller) => {
    const { username, attributes } = getUser(caller);
    // Without MFA Cognito sends no MFAOptions or UserMFASettingList.
    return { Username: username, UserAttributes: attributesToWire(attributes) };
  },
});
