import type {
  RevokeTokenRequest,
  RevokeTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { UnsupportedOperationException } from '../../../services/errors.ts';
import { revokeRefreshToken } from '../../../services/tokens/index.ts';
import { checkClientSecret, loadClient } from '../../../services/user-pools/index.ts';
import { CLIENT_ID, optStr, str, TOKEN } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

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
