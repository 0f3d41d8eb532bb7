// Sessions as Amplify v5 manages them over identity-js: the cached session, refresh with
// REFRESH_TOKEN_AUTH, the cached GetUser response, and the current user.
import {
  cachedUserData,
  cacheTokens,
  cacheUserData,
  clearCachedUser,
  clearUserData,
  lastAuthUser,
  loadSession,
} from './cache.ts';
import { request } from './client.ts';
import { AuthError, NoUserPoolError } from './errors.ts';
import { dispatchAuthEvent } from './hub.ts';
import { getState } from './state.ts';
import { type CognitoUserSession, sessionFromResult } from './tokens.ts';
import { CognitoUser, poolRef } from './user.ts';

/** The scope that lets an access token call GetUser and the other self-service operations. */
const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Throws NoUserPoolError (as Amplify's rejectNoUserPool) unless a user pool is configured. */
export function requirePool(): { userPoolId: string; clientId: string } {
  const { config } = getState();
  if (!config.userPoolId || !config.userPoolWebClientId) {
    throw new NoUserPoolError(
      config.userPoolId || config.identityPoolId ? 'missingAuthConfig' : 'noConfig',
    );
  }
  return { userPoolId: config.userPoolId, clientId: config.userPoolWebClientId };
}

/** A user object for `username` in the configured pool, with the configured flow. */
export function createCognitoUser(username: string): CognitoUser {
  const { userPoolId, clientId } = requirePool();
  const flow = getState().config.authenticationFlowType;
  return new CognitoUser(username, poolRef(userPoolId, clientId), flow ?? 'USER_SRP_AUTH');
}

/** The LastAuthUser of the configured client, or null (identity-js getCurrentUser). */
export function storedUser(): CognitoUser | null {
  const { clientId } = requirePool();
  const username = lastAuthUser(clientId);
  return username ? createCognitoUser(username) : null;
}

/** True when `user` holds a session that has not expired. */
export function hasValidSession(user: CognitoUser): boolean {
  return !!user.signInUserSession?.isValid();
}

/** The access token of a valid session, else Error('User is not authenticated') (identity-js). */
export function accessTokenOf(user: CognitoUser): string {
  const s = user.signInUserSession;
  if (!s?.isValid()) throw new Error('User is not authenticated');
  return s.getAccessToken().getJwtToken();
}

/**
 * New tokens from the refresh token (REFRESH_TOKEN_AUTH), cached; dispatches `tokenRefresh`
 * or `tokenRefresh_failure`. NotAuthorizedException (revoked or expired) clears the session.
 */
export async function refreshSession(
  user: CognitoUser,
  refreshToken: string,
  clientMetadata?: Record<string, string>,
): Promise<CognitoUserSession> {
  const { storage } = getState();
  const params: Record<string, string> = { REFRESH_TOKEN: refreshToken };
  const last = lastAuthUser(user.pool.clientId);
  if (last) {
    user.username = last;
    const device = storage.getItem(`${user.keyPrefix}.${last}.deviceKey`);
    if (device) params.DEVICE_KEY = device;
  }
  try {
    const res = await request<{ AuthenticationResult: Record<string, string> }>('InitiateAuth', {
      ClientId: user.pool.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: params,
      ClientMetadata: clientMetadata,
    });
    const result = { RefreshToken: refreshToken, ...res.AuthenticationResult };
    user.signInUserSession = sessionFromResult(result);
    cacheTokens(user);
    dispatchAuthEvent('tokenRefresh', undefined, 'New token retrieved');
    return user.signInUserSession;
  } catch (err) {
    if ((err as { code?: string }).code === 'NotAuthorizedException') clearCachedUser(user);
    dispatchAuthEvent('tokenRefresh_failure', err, 'Failed to retrieve new token');
    throw err;
  }
}

/**
 * Seconds before expiry at which getSession refreshes: identity-js waits for expiry itself, so a
 * token it hands out may die on the way to the API; a minute early avoids that (Cognito's
 * shortest access-token validity is five minutes).
 */
const REFRESH_MARGIN = 60;

/** The user's session: in memory, else stored, refreshed when (about to be) expired (identity-js getSession). */
export async function getSession(
  user: CognitoUser,
  clientMetadata?: Record<string, string>,
): Promise<CognitoUserSession> {
  if (!user.username) throw new Error('Username is null. Cannot retrieve a new session');
  if (user.signInUserSession?.isValid(REFRESH_MARGIN)) return user.signInUserSession;
  const cached = loadSession(user.pool.clientId, user.username);
  if (!cached) throw new Error('Local storage is missing an ID Token, Please authenticate');
  if (cached.isValid(REFRESH_MARGIN)) {
    user.signInUserSession = cached;
    return cached;
  }
  const refresh = cached.getRefreshToken().getToken();
  if (!refresh) throw new Error('Cannot retrieve a new session. Please authenticate.');
  return refreshSession(user, refresh, clientMetadata);
}

// The messages after which Amplify treats the stored session as dead and signs out locally.
const INVALID_SESSION = new Set([
  'User is disabled.',
  'User does not exist.',
  'Access Token has been revoked',
  'Refresh Token has been revoked',
  'Refresh Token has expired',
  'Password reset required for the user',
]);

/** True for the errors after which Amplify discards the session. */
export function isSessionInvalid(err: unknown): boolean {
  return INVALID_SESSION.has((err as { message?: string })?.message ?? '');
}

/** Local sign-out after a dead session, with Amplify's `signOut` event. */
export async function cleanUpInvalidSession(user: CognitoUser): Promise<void> {
  user.signInUserSession = null;
  clearCachedUser(user);
  getState().user = null;
  dispatchAuthEvent('signOut', null, 'A user has been signed out');
}

/** Runs `fn`, cleaning up the session first when it fails with a dead-session error. */
export async function withSessionCleanup<T>(user: CognitoUser, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isSessionInvalid(err)) await cleanUpInvalidSession(user);
    throw err;
  }
}

/**
 * Amplify's userSession: the user's session, one refresh at a time however many callers ask,
 * cleaning up when the server says the session is dead.
 */
export async function userSession(
  user: CognitoUser | null | undefined,
): Promise<CognitoUserSession> {
  if (!user) throw new AuthError('noUserSession');
  const state = getState();
  if (state.inflightCount === 0) {
    const metadata = state.config.clientMetadata;
    state.inflightSession = withSessionCleanup(user, () => getSession(user, metadata));
  }
  state.inflightCount++;
  try {
    const session = await (state.inflightSession as Promise<CognitoUserSession>);
    user.signInUserSession = session;
    return session;
  } finally {
    state.inflightCount--;
  }
}

/** GetUser, cached in storage (`.userData`). */
export async function fetchUserData(user: CognitoUser): Promise<Record<string, unknown>> {
  const data = await request('GetUser', { AccessToken: accessTokenOf(user) });
  cacheUserData(user, data);
  return data;
}

/**
 * identity-js getUserData: the cached GetUser response, or a fresh one (then, with bypassCache,
 * a best-effort token refresh as identity-js does).
 */
export async function getUserData(
  user: CognitoUser,
  opts: { bypassCache?: boolean; clientMetadata?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  if (!hasValidSession(user)) {
    clearUserData(user);
    throw new Error('User is not authenticated');
  }
  const cached = cachedUserData(user);
  if (!cached) return fetchUserData(user);
  if (!opts.bypassCache) return cached;
  const data = await fetchUserData(user);
  const refresh = user.signInUserSession?.getRefreshToken().getToken();
  if (refresh) await refreshSession(user, refresh, opts.clientMetadata).catch(() => undefined);
  return data;
}

/** Attribute list to object, with the two `_verified` flags as booleans (Amplify's attributesToObject). */
export function attributesToObject(
  list: { Name: string; Value: string }[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of list ?? []) {
    out[a.Name] =
      a.Name === 'email_verified' || a.Name === 'phone_number_verified'
        ? String(a.Value).toLowerCase() === 'true' || (a.Value as unknown) === true
        : a.Value;
  }
  return out;
}

/**
 * The signed-in user from storage, with a valid session and (when the token may read them)
 * `attributes` and `preferredMFA`. Rejects with the string 'No current user' when nobody is
 * signed in, as Amplify v5 does.
 */
export async function currentUserPoolUser(params?: {
  bypassCache?: boolean;
}): Promise<CognitoUser> {
  requirePool();
  const state = getState();
  await state.storageSync;
  const user = storedUser();
  if (!user) throw 'No current user';
  const session = await userSession(user);
  const scope = String(session.getAccessToken().decodePayload().scope ?? '');
  if (!scope.split(' ').includes(USER_ADMIN_SCOPE)) return user;
  let data: Record<string, unknown>;
  try {
    data = await getUserData(user, {
      bypassCache: params?.bypassCache,
      clientMetadata: state.config.clientMetadata,
    });
  } catch (err) {
    if (isSessionInvalid(err)) {
      await cleanUpInvalidSession(user);
      throw err;
    }
    return user;
  }
  user.attributes = attributesToObject(data.UserAttributes as { Name: string; Value: string }[]);
  user.preferredMFA = (data.PreferredMfaSetting as string | undefined) || 'NOMFA';
  return user;
}
