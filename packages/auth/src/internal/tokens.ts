import { fromBase64 } from './bytes.ts';

/** The claims of a JWT. */
export type JwtPayload = Record<string, unknown> & { exp?: number; iat?: number };

/** Decodes a JWT's payload without verifying it (the server verifies; the client reads). */
export function decodeJwt(token: string): JwtPayload {
  try {
    const part = token.split('.')[1] ?? '';
    return JSON.parse(new TextDecoder().decode(fromBase64(part))) as JwtPayload;
  } catch {
    return {};
  }
}

/** A JWT from Cognito, with identity-js's accessors. */
export class CognitoJwtToken {
  declare readonly jwtToken: string;
  declare readonly payload: JwtPayload;
  constructor(token?: string) {
    this.jwtToken = token || '';
    this.payload = decodeJwt(this.jwtToken);
  }
  /** The encoded token. */
  getJwtToken(): string {
    return this.jwtToken;
  }
  /** `exp`, in seconds since the epoch. */
  getExpiration(): number {
    return Number(this.payload.exp);
  }
  /** `iat`, in seconds since the epoch. */
  getIssuedAt(): number {
    return Number(this.payload.iat);
  }
  /** The claims. */
  decodePayload(): JwtPayload {
    return this.payload;
  }
}

/** The ID token. */
export class CognitoIdToken extends CognitoJwtToken {
  constructor({ IdToken }: { IdToken?: string } = {}) {
    super(IdToken);
  }
}

/** The access token. */
export class CognitoAccessToken extends CognitoJwtToken {
  constructor({ AccessToken }: { AccessToken?: string } = {}) {
    super(AccessToken);
  }
}

/** The (opaque) refresh token. */
export class CognitoRefreshToken {
  declare readonly token: string;
  constructor({ RefreshToken }: { RefreshToken?: string } = {}) {
    this.token = RefreshToken || '';
  }
  /** The token. */
  getToken(): string {
    return this.token;
  }
}

/** Seconds since the epoch, from the (mockable) `Date.now`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * A signed-in session: three tokens and the clock drift (local time minus the tokens' `iat`,
 * in seconds), which identity-js subtracts before comparing with `exp` so a wrong device clock
 * neither expires tokens early nor keeps dead ones.
 */
export class CognitoUserSession {
  declare readonly idToken: CognitoIdToken;
  declare readonly refreshToken: CognitoRefreshToken;
  declare readonly accessToken: CognitoAccessToken;
  declare readonly clockDrift: number;
  constructor(data: {
    IdToken: CognitoIdToken;
    AccessToken: CognitoAccessToken;
    RefreshToken?: CognitoRefreshToken;
    ClockDrift?: number;
  }) {
    if (!data.AccessToken || !data.IdToken) {
      throw new Error('Id token and Access Token must be present.');
    }
    this.idToken = data.IdToken;
    this.accessToken = data.AccessToken;
    this.refreshToken = data.RefreshToken ?? new CognitoRefreshToken();
    this.clockDrift = data.ClockDrift ?? this.calculateClockDrift();
  }
  /** The ID token. */
  getIdToken(): CognitoIdToken {
    return this.idToken;
  }
  /** The refresh token. */
  getRefreshToken(): CognitoRefreshToken {
    return this.refreshToken;
  }
  /** The access token. */
  getAccessToken(): CognitoAccessToken {
    return this.accessToken;
  }
  /** The clock drift, in seconds. */
  getClockDrift(): number {
    return this.clockDrift;
  }
  /** Local time minus the earliest `iat` of the two JWTs. */
  calculateClockDrift(): number {
    return nowSeconds() - Math.min(this.accessToken.getIssuedAt(), this.idToken.getIssuedAt());
  }
  /**
   * True while both JWTs are unexpired, on the server's clock as the drift estimates it.
   * @param marginSeconds count the tokens as expired this many seconds early. @default 0
   */
  isValid(marginSeconds = 0): boolean {
    const adjusted = nowSeconds() + marginSeconds - this.clockDrift;
    return adjusted < this.accessToken.getExpiration() && adjusted < this.idToken.getExpiration();
  }
}

/** A session from an AuthenticationResult (InitiateAuth / RespondToAuthChallenge). */
export function sessionFromResult(result: {
  IdToken?: string;
  AccessToken?: string;
  RefreshToken?: string;
}): CognitoUserSession {
  return new CognitoUserSession({
    IdToken: new CognitoIdToken(result),
    AccessToken: new CognitoAccessToken(result),
    RefreshToken: new CognitoRefreshToken(result),
  });
}
