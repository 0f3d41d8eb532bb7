import { CognateError } from '../../../services/errors.ts';

/**
 * The text a hosted page shows for a refused step: Cognito's own messages, except that an unknown
 * user reads as a wrong password (the pages are public: they never say who has an account).
 * Anything that is not a Cognito error is rethrown (an error page, logged).
 */
export function messageOf(err: unknown): string {
  if (!(err instanceof CognateError)) throw err;
  if (err.code === 'UserNotFoundException') return 'Incorrect username or password.';
  if (err.code === 'CodeMismatchException') return 'Invalid code provided, please try again.';
  if (err.code === 'EnableSoftwareTokenMFAException') {
    return 'Invalid code received for user. Check the code in your authenticator app.';
  }
  if (err.code === 'ExpiredCodeException') {
    return 'Invalid code provided, please request a code again.';
  }
  if (
    err.message === 'Invalid session for the user.' ||
    err.message.includes('session is expired')
  ) {
    return 'Your sign-in session has expired. Please sign in again.';
  }
  return err.message;
}

/** True for the error of a step that cannot be answered any more (start over from sign-in). */
export function sessionGone(err: unknown): boolean {
  return (
    err instanceof CognateError &&
    err.code === 'NotAuthorizedException' &&
    err.message.startsWith('Invalid session for the user')
  );
}
