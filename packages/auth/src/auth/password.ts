import { clearCachedUser } from '../internal/cache.ts';
import { request } from '../internal/client.ts';
import { rejectAuthError } from '../internal/errors.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import {
  accessTokenOf,
  createCognitoUser,
  requirePool,
  storedUser,
  userSession,
} from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { hostedUISignOut } from './hosted-ui.ts';
import { clearCredentials, isSignedInWithHostedUI } from './session.ts';
import type { CodeDeliveryDetails } from './sign-up.ts';

/** Changes the signed-in user's password (Amplify v5 `Auth.changePassword`); resolves 'SUCCESS'. */
export async function changePassword(
  user: CognitoUser,
  oldPassword: string,
  newPassword: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<'SUCCESS'> {
  await userSession(user);
  await request('ChangePassword', {
    PreviousPassword: oldPassword,
    ProposedPassword: newPassword,
    AccessToken: accessTokenOf(user),
    ClientMetadata: clientMetadata,
  });
  return 'SUCCESS';
}

/**
 * Starts a password reset (Amplify v5 `Auth.forgotPassword`): resolves Cognito's response
 * (`{ CodeDeliveryDetails }`); dispatches `forgotPassword` or `forgotPassword_failure`.
 */
export async function forgotPassword(
  username: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<{ CodeDeliveryDetails: CodeDeliveryDetails }> {
  requirePool();
  if (!username) return rejectAuthError('emptyUsername');
  const user = createCognitoUser(username);
  try {
    const data = await request<{ CodeDeliveryDetails: CodeDeliveryDetails }>('ForgotPassword', {
      ClientId: user.pool.clientId,
      Username: username,
      ClientMetadata: clientMetadata,
    });
    dispatchAuthEvent('forgotPassword', user, `${username} has initiated forgot password flow`);
    return data;
  } catch (err) {
    dispatchAuthEvent('forgotPassword_failure', err, `${username} forgotPassword failed`);
    throw err;
  }
}

/**
 * Sets a new password with the reset code (Amplify v5 `Auth.forgotPasswordSubmit`); resolves
 * 'SUCCESS'; dispatches `forgotPasswordSubmit` or `forgotPasswordSubmit_failure`.
 */
export async function forgotPasswordSubmit(
  username: string,
  code: string,
  password: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<'SUCCESS'> {
  requirePool();
  if (!username) return rejectAuthError('emptyUsername');
  if (!code) return rejectAuthError('emptyCode');
  if (!password) return rejectAuthError('emptyPassword');
  const user = createCognitoUser(username);
  try {
    await request('ConfirmForgotPassword', {
      ClientId: user.pool.clientId,
      Username: username,
      ConfirmationCode: code,
      Password: password,
      ClientMetadata: clientMetadata,
    });
  } catch (err) {
    dispatchAuthEvent(
      'forgotPasswordSubmit_failure',
      err,
      `${username} forgotPasswordSubmit failed`,
    );
    throw err;
  }
  dispatchAuthEvent('forgotPasswordSubmit', user, `${username} forgotPasswordSubmit successful`);
  return 'SUCCESS';
}

/**
 * Deletes the signed-in user (Amplify v5 `Auth.deleteUser`): DeleteUser, then a local sign-out.
 * Resolves 'SUCCESS'; dispatches `userDeleted` then `signOut`.
 */
export async function deleteUser(): Promise<'SUCCESS'> {
  const state = getState();
  await state.storageSync;
  if (!state.config.userPoolId) throw new Error('Cognito User pool does not exist');
  const user = storedUser();
  if (!user) throw new Error('No current user.');
  const hostedUI = isSignedInWithHostedUI(user);
  await userSession(user);
  await request('DeleteUser', { AccessToken: accessTokenOf(user) });
  dispatchAuthEvent('userDeleted', 'SUCCESS', 'The authenticated user has been deleted.');
  user.signInUserSession = null;
  clearCachedUser(user);
  state.user = null;
  clearCredentials();
  if (hostedUI) await hostedUISignOut(user.username);
  else dispatchAuthEvent('signOut', state.user, 'A user has been signed out');
  return 'SUCCESS';
}
