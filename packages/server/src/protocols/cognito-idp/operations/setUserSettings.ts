import type {
  SetUserSettingsRequest,
  SetUserSettingsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseMfaOptions, setLegacyMfaOptions } from '../../../services/mfa/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<SetUserSettingsRequest, SetUserSettingsResponse>({
  name: 'SetUserSettings',
  auth: 'accessToken',
  handler(ctx, input) {
    const options = parseMfaOptions(input);
    return async (caller) => {
      await setLegacyMfaOptions(ctx, caller.user, options);
      return {};
    };
  },
});
