import type {
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEVICE_KEY } from '../../../services/devices/index.ts';
import { refreshTokens } from '../../../services/tokens/index.ts';
import { checkClientSecret, loadClient } from '../../../services/user-pools/index.ts';
import { CLIENT_ID, optStr, str, strMap, TOKEN } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse>(
  {
    name: 'GetTokensFromRefreshToken',
    auth: 'none',
    transaction: false,
    async handler(ctx, input) {
      const refreshToken = str(input, 'RefreshToken', TOKEN);
      const clientId = str(input, 'ClientId', CLIENT_ID);
      const clientSecret = optStr(input, 'ClientSecret', { max: 256 });
      const deviceKey = optStr(input, 'DeviceKey', DEVICE_KEY);
      const clientMetadata = strMap(input, 'ClientMetadata');
      const { pool, client } = await loadClient(ctx, clientId);
      checkClientSecret(client, clientSecret);
      const { result } = await refreshTokens(ctx, {
        pool,
        client,
        refreshToken,
        deviceKey,
        clientMetadata,
        rotate: true,
      });
      return { AuthenticationResult: result };
    },
  },
);
