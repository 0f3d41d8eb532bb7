import type {
  AdminInitiateAuthRequest,
  AdminInitiateAuthResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth, loadForSignIn } from '../../../services/sign-in/index.ts';
import { CLIENT_ID, str, strMap, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { authResponse } from '../shapes.ts';

export default defineOperation<AdminInitiateAuthRequest, AdminInitiateAuthResponse>({
  name: 'AdminInitiateAuth',
  auth: 'sigv4',
  transaction: false,
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const flow = str(input, 'AuthFlow');
    const params = strMap(input, 'AuthParameters');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client, usernameHint } = await loadForSignIn(
      ctx,
      clientId,
      userPoolId,
      flow,
      params,
    );
    return authResponse(
      await initiateAuth(ctx, {
        pool,
        client,
        flow,
        params,
        admin: true,
        clientMetadata,
        usernameHint,
      }),
    );
  },
});
