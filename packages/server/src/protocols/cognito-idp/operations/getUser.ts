import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { readUserMfaView } from '../../../services/mfa/index.ts';
import { attributesToWire, getUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetUserRequest, GetUserResponse>({
  name: 'GetUser',
  auth: 'accessToken',
  handler: (ctx) => async (caller) => {
    const { username, attributes } = getUser(caller);
    // MFAOptions, PreferredMfaSetting and UserMFASettingList only as the user's settings call for.
    return {
      Username: username,
      UserAttributes: attributesToWire(attributes),
      ...(await readUserMfaView(ctx, caller.user)),
    };
  },
});
