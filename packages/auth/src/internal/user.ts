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

/** identity-js's callbacks for sendMFASelectionAnswer. */
export interface MfaSelectionCallbacks {
  onFailure(err: unknown): void;
  mfaRequired?(challengeName: string, challengeParameters: Record<string, unknown>): void;
  totpRequired?(challengeName: string, challengeParameters: Record<string, unknown>): void;
}

/**
 * A user, as Amplify v5 returns it from `signIn` and `currentAuthenticatedUser`: the username,
 * a pending challenge (`challengeName`, `challengeParam`, `Session`), the session once signed
 * in, and `attributes` once loaded. Plain data with identity-js's accessors; the library's
 * functions do the work, so this class pulls no code into a bundle.
 */
export class CognitoUser {
  // Declared, then set in the constructor: shorter compiled code than class fields.
  declare username: string;
  declare pool: UserPoolRef;
  /** The pending challenge's session string (wire name `Session`). */
  declare Session: string | null;
  declare challengeName?: string;
  declare challengeParam?: Record<string, unknown>;
  declare signInUserSession: CognitoUserSession | null;
  declare authenticationFlowType: string;
  declare attributes?: Record<string, unknown>;
  declare preferredMFA?: string;
  /** The remembered device's key, when the pool tracks devices. */
  declare deviceKey: string | null;
  /** @internal the device's random password (device SRP). */
  declare randomPassword: string | null;
  /** @internal the device's group key (device SRP). */
  declare deviceGroupKey: string | null;

  constructor(username: string, pool: UserPoolRef, flow = 'USER_SRP_AUTH') {
    this.username = username;
    this.pool = pool;
    this.authenticationFlowType = flow;
    this.Session = this.signInUserSession = null;
    this.deviceKey = this.randomPassword = this.deviceGroupKey = null;
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
  /**
   * Answers SELECT_MFA_TYPE (`SMS_MFA` or `SOFTWARE_TOKEN_MFA`), as identity-js's
   * `CognitoUser.sendMFASelectionAnswer`: the next challenge goes to `callback.mfaRequired`
   * or `callback.totpRequired`, then `Auth.confirmSignIn(user, code, challengeName)` answers it.
   */
  sendMFASelectionAnswer(answer: string, callback: MfaSelectionCallbacks): Promise<void> {
    return import('../extras.ts').then((m) => m.sendMFASelectionAnswer(this, answer, callback));
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
