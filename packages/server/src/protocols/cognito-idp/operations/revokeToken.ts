import type {
  RevokeTokenRequest,
  RevokeTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { checkClientSecret, loadClient } from '../../../services/client-auth.ts';
import { UnsupportedOperationException } from '../../../services/errors.ts';
import { revokeRefreshToken } from '../../../services/grants.ts';
import { defineOperation } from '../operation.ts';
import { CLIENT_ID, optStr, str, TOKEN } from '../wire.ts';

export default defineOperation<RevokeTokenRequest, RevokeTokenResponse>({
  name: 'RevokeToken',
  auth: 'none',
  async handler(ctx, input) {
    const token = str(input, 'Token', TOKEN);
    const clientId = str(input, 'ClientId', CLIENT_ID);
    const clientSecret = optStr(input, 'ClientSecret', { max: 256 });
    const { client } = await loadClient(ctx, clientId);
    checkClientSecret(client, clientSecret);
    if (client.settings.EnableTokenRevocation === false) {
      throw new UnsupportedOperationException('Token revocation is not enabled for this client.');
    }
    await revokeRefreshToken(ctx, client, token);
    return {};
  },
});
