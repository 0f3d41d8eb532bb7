import type {
  InitiateAuthRequest,
  InitiateAuthResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth, loadForSignIn } from '../../../services/sign-in/index.ts';
import { CLIENT_ID, str, strMap } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { authResponse } from '../shapes.ts';

export default defineOperation<InitiateAuthRequest, InitiateAuthResponse>({
  name: 'InitiateAuth',
  auth: 'none',
  existenceFloor: true,
  transaction: false,
  async handler(ctx, input) {
    const flow = str(input, 'AuthFlow');
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const params = strMap(input, 'AuthParameters');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client, usernameHint } = await loadForSignIn(
      ctx,
      clientId,
      undefined,
      flow,
      params,
    );
    return authResponse(
      await initiateAuth(ctx, {
        pool,
        client,
        flow,
        params,
        admin: false,
        clientMetadata,
        usernameHint,
      }),
    );
  },
});
