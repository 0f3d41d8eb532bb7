// Answers to the challenges a v5 sign-in can stop at: MFA codes, a new password, a custom
// answer. Loaded on first use (most sign-ins finish without a challenge).
import { rejectAuthError } from '../internal/errors.ts';
import type { FlowOutcome } from '../internal/flow.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { respond } from '../internal/respond.ts';
import { currentUserPoolUser, requirePool } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { finishSignIn, refreshCredentialsAfterSignIn } from './sign-in.ts';

/** The MFA challenges confirmSignIn answers. */
export type ConfirmSignInMfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** Keeps a further challenge on the user; true when there is one. */
function pending(user: CognitoUser, outcome: FlowOutcome): boolean {
  if (outcome.kind !== 'challenge') return false;
  user.challengeName = outcome.name;
  user.challengeParam = outcome.params;
  return true;
}

/**
 * Answers an MFA challenge with its code (Amplify v5 `Auth.confirmSignIn`): `SMS_MFA` (the
 * default), `SOFTWARE_TOKEN_MFA`, or `EMAIL_OTP` (which v5 itself predates). Sends the code
 * as identity-js's sendMFACode does (`SMS_MFA_CODE` always, plus the challenge's own field).
 * Resolves the same user, signed in, with its attributes; dispatches `signIn`.
 *
 * @example
 * const user = await Auth.signIn(email, password);
 * if (user.challengeName === 'SOFTWARE_TOKEN_MFA') await Auth.confirmSignIn(user, code, 'SOFTWARE_TOKEN_MFA');
 */
export async function confirmSignIn(
  user: CognitoUser,
  code: string,
  mfaType?: ConfirmSignInMfaType | null,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<CognitoUser> {
  if (!code) return rejectAuthError('emptyCode');
  const name = mfaType || 'SMS_MFA';
  const responses: Record<string, string> = { SMS_MFA_CODE: code };
  if (name === 'SOFTWARE_TOKEN_MFA') responses.SOFTWARE_TOKEN_MFA_CODE = code;
  if (name === 'EMAIL_OTP') responses.EMAIL_OTP_CODE = code;
  const { challengeName, challengeParam } = user;
  const outcome = await respond(user, name, responses, clientMetadata);
  if (pending(user, outcome)) return user;
  // Amplify v5 leaves the answered challenge on the user (identity-js's sendMFACode does).
  user.challengeName = challengeName;
  user.challengeParam = challengeParam;
  await refreshCredentialsAfterSignIn();
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
  if (pending(user, outcome)) return user;
  await refreshCredentialsAfterSignIn();
  getState().user = user;
  dispatchAuthEvent('signIn', user, `A user ${user.getUsername()} has been signed in`);
  return user;
}

/**
 * Answers a CUSTOM_CHALLENGE (Amplify v5 `Auth.sendCustomChallengeAnswer`): resolves the user
 * with the next challenge, or the signed-in user; dispatches `signIn` or `signIn_failure`.
 *
 * @example
 * let user = await Auth.signIn(email); // CUSTOM_AUTH: DefineAuthChallenge decides
 * user = await Auth.sendCustomChallengeAnswer(user, answer);
 */
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
