// The session as identity-js keeps it in storage. Key names are a wire format shared with
// aws-amplify v5 and amazon-cognito-identity-js: a session written by one is read by the other.
// Never rename them.
import { getState } from './state.ts';
import {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUserSession,
} from './tokens.ts';
import type { CognitoUser } from './user.ts';

const prefix = (clientId: string) => `CognitoIdentityServiceProvider.${clientId}`;
/** `CognitoIdentityServiceProvider.<clientId>.<username>.<name>`. */
export const userKey = (clientId: string, username: string, name: string) =>
  `${prefix(clientId)}.${username}.${name}`;

/** `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`: who is signed in. */
export function lastAuthUser(clientId: string): string | null {
  return getState().storage.getItem(`${prefix(clientId)}.LastAuthUser`) ?? null;
}

/** Stores the user's session (three tokens, clock drift) and marks them the last user. */
export function cacheTokens(user: CognitoUser): void {
  const s = user.signInUserSession;
  if (!s) return;
  const { storage } = getState();
  const c = user.pool.clientId;
  storage.setItem(userKey(c, user.username, 'idToken'), s.getIdToken().getJwtToken());
  storage.setItem(userKey(c, user.username, 'accessToken'), s.getAccessToken().getJwtToken());
  storage.setItem(userKey(c, user.username, 'refreshToken'), s.getRefreshToken().getToken());
  storage.setItem(userKey(c, user.username, 'clockDrift'), `${s.getClockDrift()}`);
  storage.setItem(`${prefix(c)}.LastAuthUser`, user.username);
}

/** The stored session of `username`, or null when there is no ID token. */
export function loadSession(clientId: string, username: string): CognitoUserSession | null {
  const { storage } = getState();
  const idToken = storage.getItem(userKey(clientId, username, 'idToken'));
  if (!idToken) return null;
  return new CognitoUserSession({
    IdToken: new CognitoIdToken({ IdToken: idToken }),
    AccessToken: new CognitoAccessToken({
      AccessToken: storage.getItem(userKey(clientId, username, 'accessToken')) ?? '',
    }),
    RefreshToken: new CognitoRefreshToken({
      RefreshToken: storage.getItem(userKey(clientId, username, 'refreshToken')) ?? '',
    }),
    ClockDrift:
      Number.parseInt(storage.getItem(userKey(clientId, username, 'clockDrift')) ?? '', 10) || 0,
  });
}

/**
 * Removes the tokens, clock drift, LastAuthUser and cached user data (identity-js
 * clearCachedUser), and v6's hosted-UI mark.
 */
export function clearCachedUser(user: CognitoUser): void {
  const { storage } = getState();
  const c = user.pool.clientId;
  for (const name of [
    'idToken',
    'accessToken',
    'refreshToken',
    'clockDrift',
    'userData',
    'oauthMetadata',
  ]) {
    storage.removeItem(userKey(c, user.username, name));
  }
  storage.removeItem(`${prefix(c)}.LastAuthUser`);
}

/** The cached GetUser response (`.userData`), parsed, or null. */
export function cachedUserData(user: CognitoUser): Record<string, unknown> | null {
  const raw = getState().storage.getItem(user.userDataKey);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Caches a GetUser response. */
export function cacheUserData(user: CognitoUser, data: unknown): void {
  getState().storage.setItem(user.userDataKey, JSON.stringify(data));
}

/** Drops the cached GetUser response. */
export function clearUserData(user: CognitoUser): void {
  getState().storage.removeItem(user.userDataKey);
}

/** Loads the device key, random password and group key into `user` (identity-js names). */
export function loadDevice(user: CognitoUser): void {
  const { storage } = getState();
  const c = user.pool.clientId;
  user.deviceKey = storage.getItem(userKey(c, user.username, 'deviceKey')) ?? null;
  user.randomPassword = storage.getItem(userKey(c, user.username, 'randomPasswordKey')) ?? null;
  user.deviceGroupKey = storage.getItem(userKey(c, user.username, 'deviceGroupKey')) ?? null;
}

/** Forgets the user's device. */
export function clearDevice(user: CognitoUser): void {
  const { storage } = getState();
  const c = user.pool.clientId;
  for (const name of ['deviceKey', 'randomPasswordKey', 'deviceGroupKey']) {
    storage.removeItem(userKey(c, user.username, name));
  }
  user.deviceKey = null;
  user.randomPassword = null;
  user.deviceGroupKey = null;
}
