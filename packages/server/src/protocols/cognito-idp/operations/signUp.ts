import type { SignUpRequest, SignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { signUp as signUpUser } from '../../../services/sign-up/index.ts';
import { loadClient } from '../../../services/user-pools/index.ts';
import { attributesFromWire } from '../../../services/users/index.ts';
import {
  CLIENT_ID,
  optStr,
  PASSWORD,
  SECRET_HASH,
  str,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<SignUpRequest, SignUpResponse>({
  name: 'SignUp',
  auth: 'none',
  // The service writes in its own short transaction, after the verifier's modexp.
  transaction: false,
  async handler(ctx, input) {
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const username = str(input, 'Username', USERNAME);
    const password = str(input, 'Password', PASSWORD);
    const secretHash = optStr(input, 'SecretHash', SECRET_HASH);
    const attributes = attributesFromWire(input.UserAttributes, 'userAttributes');
    attributesFromWire(input.ValidationData, 'validationData');
    const { pool, client } = await loadClient(ctx, clientId);
    const { user, delivery } = await signUpUser(ctx, {
      pool,
      client,
      username,
      password,
      attributes,
      secretHash,
    });
    return { UserConfirmed: false, UserSub: user.id, CodeDeliveryDetails: delivery };
  },
});
