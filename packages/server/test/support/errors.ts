// The one way the tests expect a Cognito error, whichever client made the call.
import assert from 'node:assert/strict';

/** What `rejects` checks besides the error's name. */
export interface ErrorExpectation {
  /** The message: compared exactly when a string, matched when a RegExp. */
  message?: string | RegExp;
  /**
   * The error must carry `code`, equal to the name (amazon-cognito-identity-js's errors, Amplify
   * v5's and @cognate/auth's). Without it, `code` is checked only where the error has one.
   */
  code?: boolean;
}

/** A Cognito error as the clients throw it. */
export type CognitoError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

/**
 * Awaits a call that must fail with the Cognito error `name`, checks it and returns it. Works for
 * the AWS SDK's errors (`name` is Cognito's `__type`), amazon-cognito-identity-js's callback
 * errors (`code` and `name`) and Amplify's errors (`name`): the error must be an Error named
 * `name`; a `code` it carries must be `name` too. `expected` is the message (exact when a string,
 * matched when a RegExp) or an ErrorExpectation.
 */
export async function rejects(
  promise: Promise<unknown>,
  name: string,
  expected?: string | RegExp | ErrorExpectation,
): Promise<CognitoError> {
  const { message, code } =
    typeof expected === 'string' || expected instanceof RegExp
      ? { message: expected }
      : (expected ?? {});
  let failed = false;
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    failed = true;
    caught = err;
  }
  assert.ok(failed, `expected ${name}, but the call succeeded`);
  assert.ok(
    caught instanceof Error,
    `expected ${name}, got a rejection that is no Error: ${caught}`,
  );
  assert.equal(caught.name, name, `expected ${name}, got ${caught.name}: ${caught.message}`);
  const error = caught as CognitoError;
  if (code) assert.equal(error.code, name, `expected code ${name}, got ${error.code}`);
  else if ('code' in error) assert.equal(error.code, name);
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
  return error;
}
