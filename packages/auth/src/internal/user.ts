import type { CognitoUserSession } from './tokens.ts';

/** The user pool a CognitoUser belongs to (identity-js's CognitoUserPool, reduced). */
export interface UserPoolRef {
  userPoolId: string;
  clientId: string;
  getUserPoolId(): string;
  getClientId(): string;
}

/** A pool reference for the configured ids. */
export function poolRef(userPoolId: string, clientId: string): UserPoolRef {
  return {
    userPoolId,
    clientId,
    getUserPoolId: () => userPoolId,
    getClientId: () => clientId,
  };
}

/**
 * A user, as Amplify v5 returns it from `signIn` and `currentAuthenticatedUser`: the username,
 * a pending challenge (`challengeName`, `challengeParam`, `Session`), the session once signed
 * in, and `attributes` once loaded. Plain data with identity-js's accessors; the library's
 * functions do the work, so this class pulls no code into a bundle.
 */
export class CognitoUser {
  username: string;
  pool: UserPoolRef;
  /** The pending challenge's session string (wire name `Session`). */
  Session: string | null = null;
  challengeName?: string;
  challengeParam?: Record<string, unknown>;
  signInUserSession: CognitoUserSession | null = null;
  authenticationFlowType: string;
  attributes?: Record<string, unknown>;
  preferredMFA?: string;
  /** The remembered device's key, when the pool tracks devices. */
  deviceKey: string | null = null;
  /** @internal the device's random password (device SRP). */
  randomPassword: string | null = null;
  /** @internal the device's group key (device SRP). */
  deviceGroupKey: string | null = null;

  constructor(username: string, pool: UserPoolRef, flow = 'USER_SRP_AUTH') {
    this.username = username;
    this.pool = pool;
    this.authenticationFlowType = flow;
  }
  /** The username (after SRP sign-in: Cognito's `USER_ID_FOR_SRP`, the sub for alias pools). */
  getUsername(): string {
    return this.username;
  }
  /** The session, or null before sign-in. */
  getSignInUserSession(): CognitoUserSession | null {
    return this.signInUserSession;
  }
  /** The flow signIn uses for this user. */
  getAuthenticationFlowType(): string {
    return this.authenticationFlowType;
  }
  /** Sets the flow signIn uses for this user. */
  setAuthenticationFlowType(flow: string): string {
    this.authenticationFlowType = flow;
    return flow;
  }
  /** The storage key prefix identity-js uses for this client. */
  get keyPrefix(): string {
    return `CognitoIdentityServiceProvider.${this.pool.clientId}`;
  }
  /** The storage key of the cached GetUser response. */
  get userDataKey(): string {
    return `${this.keyPrefix}.${this.username}.userData`;
  }
  /** What JSON.stringify(user) shows: the data, not the accessors. */
  toJSON(): Record<string, unknown> {
    return {
      username: this.username,
      pool: { userPoolId: this.pool.userPoolId, clientId: this.pool.clientId },
      Session: this.Session,
      challengeName: this.challengeName,
      challengeParam: this.challengeParam,
      signInUserSession: this.signInUserSession,
      authenticationFlowType: this.authenticationFlowType,
      attributes: this.attributes,
      preferredMFA: this.preferredMFA,
    };
  }
}
