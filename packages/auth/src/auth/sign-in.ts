import { rejectAuthError } from '../internal/errors.ts';
import {
  authenticate,
  customAuth,
  type FlowOutcome,
  type SignInDetails,
} from '../internal/flow.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { createCognitoUser, currentUserPoolUser, requirePool } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';

/**
 * After a sign-in, credentials from the identity pool for the new ID token (Amplify's
 * Credentials.set); the code for them loads only when an identity pool is configured.
 */
export async function refreshCredentialsAfterSignIn(): Promise<void> {
  const state = getState();
  state.credentials = undefined;
  state.primaryIdentityId = undefined;
  if (!state.config.identityPoolId) return;
  await (await import('../extras.ts')).credentialsAfterSignIn();
}

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
  getState().api = undefined;
  return signInWith(usernameOrOpts, pw, clientMetadata);
}

/** signIn with exactly `clientMetadata` (none when undefined), as the v6 signIn sends it. */
export async function signInWith(
  usernameOrOpts: string | SignInOpts,
  pw: string | undefined,
  clientMetadata: Record<string, string> | undefined,
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
