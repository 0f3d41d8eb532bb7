import type {
  InitiateAuthRequest,
  InitiateAuthResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../../../services/sign-in/index.ts';
import { loadClient } from '../../../services/user-pools/index.ts';
import { CLIENT_ID, str, strMap } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { authResponse } from '../shapes.ts';

export default defineOperation<InitiateAuthRequest, InitiateAuthResponse>({
  name: 'InitiateAuth',
  auth: 'none',
  transaction: false,
  async handler(ctx, input) {
    const flow = str(input, 'AuthFlow');
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const params = strMap(input, 'AuthParameters');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId);
    return authResponse(
      await initiateAuth(ctx, { pool, client, flow, params, admin: false, clientMetadata }),
    );
  },
});
