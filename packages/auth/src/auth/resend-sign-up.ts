import { request } from '../internal/client.ts';
import { rejectAuthError } from '../internal/errors.ts';
import { requirePool } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CodeDeliveryDetails } from './sign-up.ts';

/** Sends the confirmation code again (Amplify v5 `Auth.resendSignUp`); resolves Cognito's response. */
export async function resendSignUp(
  username: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<{ CodeDeliveryDetails: CodeDeliveryDetails }> {
  requirePool();
  if (!username) return rejectAuthError('emptyUsername');
  return request('ResendConfirmationCode', {
    ClientId: requirePool().clientId,
    Username: username,
    ClientMetadata: clientMetadata,
  });
}
