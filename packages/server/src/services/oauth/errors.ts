// OAuth 2.0 errors. The OAuth routes render them in OAuth's own shapes (RFC 6749 §4.1.2.1 and
// §5.2), never through the Cognito JSON error handler. Wire names (`error`) must never change.

/** The `error` codes Cognito's OAuth endpoints answer with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'unsupported_token_type'
  | 'access_denied'
  | 'login_required'
  | 'server_error';

/**
 * A JSON error of the token, userInfo and revoke endpoints:
 * `{"error": "...", "error_description"?: "..."}` with `status`.
 */
export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly description?: string;
  readonly status: number;

  constructor(error: OAuthErrorCode, description?: string, status = 400) {
    super(description ?? error);
    this.name = 'OAuthError';
    this.error = error;
    this.description = description;
    this.status = status;
  }
}

/**
 * An authorization request that cannot be answered at its redirect URI (unknown client,
 * unregistered or missing redirect_uri, a client without OAuth): the browser gets an error page
 * saying why, and is never redirected.
 */
export class OAuthPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthPageError';
  }
}

/**
 * An authorization request refused after its redirect URI was validated: the error goes back
 * to that URI (`?error=…&error_description=…&state=…`, in the fragment for response_type=token).
 */
export class OAuthRedirectError extends Error {
  readonly error: OAuthErrorCode;
  readonly description?: string;
  /**
   * Where the error goes, set by parseAuthorizeRequest once the redirect URI is validated:
   * that URI, the request's state, and whether to answer in the fragment (response_type=token).
   */
  target?: { redirectUri: string; state?: string; responseType: 'code' | 'token' };

  constructor(error: OAuthErrorCode, description?: string) {
    super(description ?? error);
    this.name = 'OAuthRedirectError';
    this.error = error;
    this.description = description;
  }
}
