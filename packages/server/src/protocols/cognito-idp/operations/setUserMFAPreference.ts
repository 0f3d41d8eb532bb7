import type {
  SetUserMFAPreferenceRequest,
  SetUserMFAPreferenceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseMfaPreferences, setMfaPreference } from '../../../services/mfa/index.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse>({
  name: 'SetUserMFAPreference',
  auth: 'accessToken',
  handler(ctx, input) {
    const prefs = parseMfaPreferences(input);
    return async (caller) => {
      await setMfaPreference(ctx, caller.user, prefs);
      return {};
    };
  },
});
