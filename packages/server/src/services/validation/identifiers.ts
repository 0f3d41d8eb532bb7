// The formats of the identifiers a user signs in with besides the username: the `email` and
// `phone_number` attributes, and a username typed in place of them (UsernameAttributes,
// AliasAttributes). Every check of those formats goes through here.

/**
 * An email address as far as Cognito's format check goes. Cognito does not document its grammar;
 * this refuses only what is plainly not an address: no `@`, more than one, or whitespace.
 */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * A phone number in E.164, as Cognito stores and accepts it: `+`, then the country code and the
 * number, digits only, at most 15 and not starting with 0 (no spaces, dashes or parentheses).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
const PHONE_NUMBER = /^\+[1-9]\d{1,14}$/;

/** True when `value` is an email address Cognito accepts. */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** True when `value` is an E.164 phone number Cognito accepts (`+14325551212`). */
export function isPhoneNumber(value: string): boolean {
  return PHONE_NUMBER.test(value);
}
