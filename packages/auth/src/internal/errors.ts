/** Amplify v5's messages for its own (client-side) errors, keyed by AuthErrorTypes. */
const messages = {
  noConfig: 'Authentication Error',
  missingAuthConfig: 'Authentication Error',
  emptyUsername: 'Username cannot be empty',
  invalidUsername: 'The username should either be a string or one of the sign in types',
  emptyPassword: 'Password cannot be empty',
  emptyCode: 'Confirmation code cannot be empty',
  signUpError: 'Error creating account',
  noMFA: 'No valid MFA method provided',
  invalidMFA: 'Invalid MFA type',
  emptyChallengeResponse: 'Challenge response cannot be empty',
  noUserSession: 'Failed to get the session because the user is empty',
  deviceConfig: 'Device tracking has not been configured in this User Pool',
  networkError: 'Network Error',
  autoSignInError: 'Please use your credentials to sign in',
} as const;

/** Amplify's client-side error types (the keys of its AuthErrorTypes enum). */
export type AuthErrorType = keyof typeof messages;

/** A client-side error, as Amplify v5's `AuthError` (name `AuthError`, Amplify's message). */
export class AuthError extends Error {
  /** The error type, e.g. `emptyUsername`. */
  declare readonly type: AuthErrorType;
  constructor(type: AuthErrorType) {
    super(messages[type]);
    this.name = 'AuthError';
    this.type = type;
  }
}

/** Thrown when the library has no user pool configured (Amplify's `NoUserPoolError`). */
export class NoUserPoolError extends AuthError {
  constructor(type: AuthErrorType) {
    super(type);
    this.name = 'NoUserPoolError';
  }
}

/**
 * An error the service returned: `name` and `code` are Cognito's exception name (e.g.
 * `NotAuthorizedException`), `message` the server's, as identity-js reports them.
 */
export interface ServiceError extends Error {
  code: string;
  statusCode?: number;
}

/** Builds a ServiceError. */
export function serviceError(code: string, message: string, statusCode?: number): ServiceError {
  const err = new Error(message) as ServiceError;
  err.name = code;
  err.code = code;
  if (statusCode !== undefined) err.statusCode = statusCode;
  return err;
}

/** Rejects with Amplify's AuthError of `type`. */
export function rejectAuthError(type: AuthErrorType): Promise<never> {
  return Promise.reject(new AuthError(type));
}
