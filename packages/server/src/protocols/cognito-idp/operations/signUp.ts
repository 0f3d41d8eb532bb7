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
  strMap,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<SignUpRequest, SignUpResponse>({
  name: 'SignUp',
  auth: 'none',
  // The service writes in its own short transaction, after the verifier's modexp and the
  // PreSignUp trigger, and runs PostConfirmation after it (an auto-confirmed user).
  transaction: false,
  async handler(ctx, input) {
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const username = str(input, 'Username', USERNAME);
    const password = str(input, 'Password', PASSWORD);
    const secretHash = optStr(input, 'SecretHash', SECRET_HASH);
    const attributes = attributesFromWire(input.UserAttributes, 'userAttributes');
    const validationData = attributesFromWire(input.ValidationData, 'validationData');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId);
    const { user, confirmed, delivery } = await signUpUser(ctx, {
      pool,
      client,
      username,
      password,
      attributes,
      secretHash,
      validationData,
      clientMetadata,
    });
    return { UserConfirmed: confirmed, UserSub: user.id, CodeDeliveryDetails: delivery };
  },
});
