import { clearCachedUser } from '../internal/cache.ts';
import { request } from '../internal/client.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import {
  cleanUpInvalidSession,
  currentUserPoolUser,
  getSession,
  isSessionInvalid,
  storedUser,
  userSession,
} from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUserSession } from '../internal/tokens.ts';
import type { CognitoUser } from '../internal/user.ts';
import { clearCredentials } from './credentials.ts';
import { hostedUISignOut, isSignedInWithHostedUI } from './hosted-ui-links.ts';

export { currentUserPoolUser, userSession };

/** currentAuthenticatedUser / currentUserPoolUser options. */
export interface CurrentUserOpts {
  /** Read the user from the server (GetUser) instead of the cache. @default false */
  bypassCache?: boolean;
}

/**
 * The signed-in user with `attributes` (Amplify v5 `Auth.currentAuthenticatedUser`): a
 * federated user when one is stored, else the user pool's. Rejects with the string
 * 'The user is not authenticated' when nobody is signed in, as Amplify v5 does.
 */
export async function currentAuthenticatedUser(params?: CurrentUserOpts): Promise<CognitoUser> {
  const state = getState();
  await state.storageSync;
  try {
    const info = JSON.parse(state.storage.getItem('aws-amplify-federatedInfo') ?? 'null');
    if (info) {
      state.user = { ...info.user, token: info.token };
      return state.user as CognitoUser;
    }
  } catch {
    // not federated
  }
  try {
    state.user = await currentUserPoolUser(params);
  } catch {
    throw 'The user is not authenticated';
  }
  return state.user;
}

/**
 * The current session, refreshed with the refresh token when the tokens have expired (Amplify
 * v5 `Auth.currentSession`); dispatches `tokenRefresh` / `tokenRefresh_failure` when it
 * refreshes. Rejects with 'No current user' when nobody is signed in.
 *
 * @example
 * const jwt = (await currentSession()).getIdToken().getJwtToken();
 */
export async function currentSession(): Promise<CognitoUserSession> {
  const { config } = getState();
  if (!config.userPoolId) throw new Error('No User Pool in the configuration.');
  return userSession(await currentUserPoolUser());
}

/** signOut options. */
export interface SignOutOpts {
  /** Sign out everywhere: GlobalSignOut invalidates every token of the user. @default false */
  global?: boolean;
}

/**
 * Signs out (Amplify v5 `Auth.signOut`): revokes the refresh token (RevokeToken, when the pool
 * issues revocable tokens) and forgets the session; with `{ global: true }`, GlobalSignOut.
 * Dispatches `signOut`.
 */
export async function signOut(opts: SignOutOpts = {}): Promise<void> {
  const state = getState();
  await clearCredentials();
  if (state.config.userPoolId && state.config.userPoolWebClientId) {
    await state.storageSync;
    const user = storedUser();
    if (user) await poolSignOut(opts, user);
  }
  dispatchAuthEvent('signOut', state.user, 'A user has been signed out');
  state.user = null;
}

async function poolSignOut(opts: SignOutOpts, user: CognitoUser): Promise<void> {
  const hostedUI = isSignedInWithHostedUI();
  let session: CognitoUserSession;
  try {
    session = await getSession(user, getState().config.clientMetadata);
  } catch (err) {
    if (isSessionInvalid(err)) await cleanUpInvalidSession(user);
    if (opts.global) throw err;
    // identity-js's local sign-out reports a missing session to its callback; Amplify resolves.
    user.signInUserSession = null;
    clearCachedUser(user);
    if (hostedUI) await hostedUISignOut();
    return;
  }
  user.signInUserSession = session;
  const accessToken = session.getAccessToken();
  if (opts.global) {
    await request('GlobalSignOut', { AccessToken: accessToken.getJwtToken() });
    clearCachedUser(user);
  } else {
    const refresh = session.getRefreshToken().getToken();
    try {
      // Only tokens carrying origin_jti can be revoked (pools with revocation enabled).
      if (accessToken.decodePayload().origin_jti && refresh) {
        await request('RevokeToken', { Token: refresh, ClientId: user.pool.clientId });
      }
    } catch {
      // Amplify signs out locally even when revocation fails (offline, say).
    } finally {
      user.signInUserSession = null;
      clearCachedUser(user);
    }
  }
  if (hostedUI) await hostedUISignOut();
}
