import type {
  AdminRespondToAuthChallengeRequest,
  AdminRespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseChallengeName, respondToAuthChallenge } from '../../../services/sign-in/index.ts';
import { loadClient } from '../../../services/user-pools/index.ts';
import {
  CLIENT_ID,
  optStr,
  str,
  strMap,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { authResponse } from '../shapes.ts';

export default defineOperation<
  AdminRespondToAuthChallengeRequest,
  AdminRespondToAuthChallengeResponse
>({
  name: 'AdminRespondToAuthChallenge',
  auth: 'sigv4',
  transaction: false,
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const challengeName = parseChallengeName(str(input, 'ChallengeName'));
    const session = optStr(input, 'Session', { max: 2048 });
    const responses = strMap(input, 'ChallengeResponses');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const { pool, client } = await loadClient(ctx, clientId, userPoolId);
    return authResponse(
      await respondToAuthChallenge(ctx, {
        pool,
        client,
        challengeName,
        session,
        responses,
        clientMetadata,
      }),
    );
  },
});
