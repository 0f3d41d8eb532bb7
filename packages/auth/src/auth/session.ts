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

export { currentUserPoolUser, userSession };

/** currentAuthenticatedUser / currentUserPoolUser options. */
export interface CurrentUserOpts {
  /** Read the user from the server (GetUser) instead of the cache. @default false */
  bypassCache?: boolean;
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

/**
 * True when `user`'s session came from the hosted UI: v5's `amplify-signin-with-hostedUI`, or
 * v6's `<clientId>.<username>.oauthMetadata`.
 */
export function isSignedInWithHostedUI(user: CognitoUser): boolean {
  const { config, storage } = getState();
  return (
    !!config.oauth &&
    (storage.getItem('amplify-signin-with-hostedUI') === 'true' ||
      !!storage.getItem(`${user.keyPrefix}.${user.username}.oauthMetadata`))
  );
}

/** Forgets identity-pool credentials and a federated sign-in (on sign-out). */
export function clearCredentials(): void {
  const state = getState();
  state.credentials = undefined;
  state.primaryIdentityId = undefined;
  state.storage.removeItem('aws-amplify-federatedInfo');
}

/** Sends the browser to the hosted UI's /logout (code loaded only for hosted-UI sessions). */
export async function hostedUISignOut(user: CognitoUser): Promise<void> {
  await (await import('../extras.ts')).hostedUISignOut(user.username);
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
  clearCredentials();
  if (state.config.userPoolId && state.config.userPoolWebClientId) {
    await state.storageSync;
    const user = storedUser();
    if (user) await poolSignOut(opts, user);
  }
  dispatchAuthEvent('signOut', state.user, 'A user has been signed out');
  state.user = null;
}

async function poolSignOut(opts: SignOutOpts, user: CognitoUser): Promise<void> {
  const hostedUI = isSignedInWithHostedUI(user);
  let session: CognitoUserSession;
  try {
    session = await getSession(user, getState().config.clientMetadata);
  } catch (err) {
    if (isSessionInvalid(err)) await cleanUpInvalidSession(user);
    if (opts.global) throw err;
    // identity-js's local sign-out reports a missing session to its callback; Amplify resolves.
    user.signInUserSession = null;
    clearCachedUser(user);
    if (hostedUI) await hostedUISignOut(user);
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
  if (hostedUI) await hostedUISignOut(user);
}
