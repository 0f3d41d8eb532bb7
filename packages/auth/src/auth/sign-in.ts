import { rejectAuthError } from '../internal/errors.ts';
import {
  authenticate,
  customAuth,
  type FlowOutcome,
  respond,
  type SignInDetails,
} from '../internal/flow.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { createCognitoUser, currentUserPoolUser, requirePool } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { refreshCredentialsAfterSignIn } from './credentials.ts';

/** signIn's object form. */
export interface SignInOpts {
  username: string;
  password?: string;
  validationData?: Record<string, string>;
}

/** Amplify's authCallbacks: a pending challenge resolves with the user; success loads the current user. */
export async function finishSignIn(
  user: CognitoUser,
  step: () => Promise<FlowOutcome>,
): Promise<CognitoUser> {
  let outcome: FlowOutcome;
  try {
    outcome = await step();
  } catch (err) {
    dispatchAuthEvent('signIn_failure', err, `${user.getUsername()} failed to signin`);
    throw err;
  }
  if (outcome.kind === 'challenge') {
    user.challengeName = outcome.name;
    user.challengeParam = outcome.params;
    return user;
  }
  user.challengeName = undefined;
  user.challengeParam = undefined;
  await refreshCredentialsAfterSignIn();
  const current = await currentUserPoolUser();
  getState().user = current;
  dispatchAuthEvent('signIn', current, `A user ${user.getUsername()} has been signed in`);
  return current;
}

/**
 * Signs a user in (Amplify v5 `Auth.signIn`): USER_SRP_AUTH by default, USER_PASSWORD_AUTH or
 * CUSTOM_AUTH as configured, CUSTOM_AUTH without a password. Resolves with the signed-in user,
 * or with the user carrying `challengeName`/`challengeParam` when a challenge is pending.
 * Dispatches `signIn` or `signIn_failure`.
 *
 * @example
 * const user = await signIn('ada@example.com', 'Passw0rd!');
 * if (user.challengeName === 'NEW_PASSWORD_REQUIRED') await completeNewPassword(user, newPassword);
 */
export async function signIn(
  usernameOrOpts: string | SignInOpts,
  pw?: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<CognitoUser> {
  requirePool();
  let details: SignInDetails;
  if (typeof usernameOrOpts === 'string') {
    details = { username: usernameOrOpts, password: pw, clientMetadata };
  } else if (usernameOrOpts && typeof usernameOrOpts === 'object' && 'username' in usernameOrOpts) {
    details = { ...usernameOrOpts, clientMetadata };
  } else {
    return rejectAuthError('invalidUsername');
  }
  if (!details.username) return rejectAuthError('emptyUsername');
  const user = createCognitoUser(details.username);
  const state = getState();
  if (!details.password) {
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    return finishSignIn(user, () => customAuth(user, details));
  }
  if (state.pendingSignIn) throw new Error('Pending sign-in attempt already in progress');
  const pending = finishSignIn(user, () => authenticate(user, details));
  state.pendingSignIn = pending;
  try {
    return await pending;
  } finally {
    state.pendingSignIn = null;
  }
}

/**
 * Answers an SMS_MFA or SOFTWARE_TOKEN_MFA challenge (Amplify v5 `Auth.confirmSignIn`).
 * @param mfaType the challenge being answered. @default 'SMS_MFA'
 */
export async function confirmSignIn(
  user: CognitoUser,
  code: string,
  mfaType?: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | null,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<CognitoUser> {
  if (!code) return rejectAuthError('emptyCode');
  const name = mfaType || 'SMS_MFA';
  const field = name === 'SOFTWARE_TOKEN_MFA' ? 'SOFTWARE_TOKEN_MFA_CODE' : 'SMS_MFA_CODE';
  const outcome = await respond(user, name, { [field]: code }, clientMetadata);
  if (outcome.kind === 'challenge') {
    user.challengeName = outcome.name;
    user.challengeParam = outcome.params;
    return user;
  }
  getState().user = user;
  try {
    user.attributes = (await currentUserPoolUser()).attributes;
  } catch {
    // Amplify signs the user in even when the attributes cannot be read.
  }
  dispatchAuthEvent('signIn', user, `A user ${user.getUsername()} has been signed in`);
  return user;
}

/**
 * Completes NEW_PASSWORD_REQUIRED with a new password and the required attributes
 * (Amplify v5 `Auth.completeNewPassword`). Dispatches `completeNewPassword_failure` on error.
 */
export async function completeNewPassword(
  user: CognitoUser,
  password: string,
  requiredAttributes: Record<string, string> = {},
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<CognitoUser> {
  if (!password) return rejectAuthError('emptyPassword');
  const responses: Record<string, string> = { NEW_PASSWORD: password };
  for (const [k, v] of Object.entries(requiredAttributes)) responses[`userAttributes.${k}`] = v;
  let outcome: FlowOutcome;
  try {
    outcome = await respond(user, 'NEW_PASSWORD_REQUIRED', responses, clientMetadata);
  } catch (err) {
    dispatchAuthEvent(
      'completeNewPassword_failure',
      err,
      `${getState().user} failed to complete the new password flow`,
    );
    throw err;
  }
  if (outcome.kind === 'challenge') {
    user.challengeName = outcome.name;
    user.challengeParam = outcome.params;
    return user;
  }
  getState().user = user;
  dispatchAuthEvent('signIn', user, `A user ${user.getUsername()} has been signed in`);
  return user;
}

/** Answers a CUSTOM_CHALLENGE (Amplify v5 `Auth.sendCustomChallengeAnswer`). */
export async function sendCustomChallengeAnswer(
  user: CognitoUser,
  challengeResponses: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<CognitoUser> {
  requirePool();
  if (!challengeResponses) return rejectAuthError('emptyChallengeResponse');
  return finishSignIn(user, () =>
    respond(user, 'CUSTOM_CHALLENGE', { ANSWER: challengeResponses }, clientMetadata),
  );
}
