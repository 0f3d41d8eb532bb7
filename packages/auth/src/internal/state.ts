import type { AuthOptions } from './config.ts';
import { CookieStorage } from './cookie-storage.ts';
import { type AuthStorage, defaultStorage, isAuthStorage } from './storage.ts';
import type { CognitoUserSession } from './tokens.ts';
import type { CognitoUser } from './user.ts';

/** AWS credentials from an identity pool (Amplify's ICredentials). */
export interface ICredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  identityId: string;
  authenticated: boolean;
  expiration?: Date;
}

/** The library's one piece of mutable state: what `configure` set and who is signed in. */
export interface AuthState {
  config: AuthOptions;
  storage: AuthStorage;
  /** Resolves when an async storage has synced. */
  storageSync: Promise<unknown>;
  /** The last user signed in or read (Amplify's `this.user`). */
  user: CognitoUser | null;
  autoSignInInitiated: boolean;
  pendingSignIn: Promise<unknown> | null;
  inflightSession: Promise<CognitoUserSession> | null;
  inflightCount: number;
  /** Identity-pool credentials, until they expire or the user signs out. */
  credentials?: ICredentials;
  /** When (ms since epoch) `credentials` are refreshed, and the ID token they came from. */
  credentialsRefreshAt?: number;
  credentialsToken?: string;
  /** The signed-in user's identity id (kept in memory only, as aws-amplify v6 does). */
  primaryIdentityId?: string;
  /** 'v6' once a v6 function signed in: credentials then wait for fetchAuthSession. */
  api?: 'v6';
  /** The user whose pending challenge v6's confirmSignIn answers next. */
  signInUser: CognitoUser | null;
  /** The return from the hosted UI being completed, if configure found one. */
  redirect?: Promise<unknown>;
}

let current: AuthState | undefined;

/** The state, created on first use with default storage and no configuration. */
export function getState(): AuthState {
  current ??= {
    config: {},
    storage: defaultStorage(),
    storageSync: Promise.resolve(),
    user: null,
    autoSignInInitiated: false,
    pendingSignIn: null,
    inflightSession: null,
    inflightCount: 0,
    signInUser: null,
  };
  return current;
}

/**
 * Applies resolved options: merges them over the current ones and picks the storage as
 * Amplify does (`storage`, else `cookieStorage`, else localStorage or memory).
 * @throws Error('Empty storage object') when `storage` lacks one of the four methods.
 */
export function applyConfig(options: AuthOptions): AuthState {
  const state = getState();
  const config = { ...state.config, ...options };
  let storage: AuthStorage;
  if (config.storage) {
    if (!isAuthStorage(config.storage)) throw new Error('Empty storage object');
    storage = config.storage;
  } else if (config.cookieStorage) {
    storage = new CookieStorage(config.cookieStorage);
  } else {
    storage = defaultStorage();
  }
  state.config = config;
  state.storage = storage;
  state.storageSync = typeof storage.sync === 'function' ? storage.sync() : Promise.resolve();
  return state;
}
