// Password rules: the service's hard limits, the pool's password policy, and temporary passwords.
// Policy and character set: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
import type { PasswordPolicyType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidPasswordException } from '../errors.ts';
import { stringViolations } from '../validation/members.ts';
import { throwViolations, violation } from '../validation/messages.ts';
import { COMPROMISED_REASON, checksCompromised, isCompromisedPassword } from './compromised.ts';

/**
 * Cognito's special characters. "The space character is also treated as a special character";
 * the shape check keeps it away from both ends, so only an inner space counts.
 */
export const PASSWORD_SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

/**
 * How a policy failure message starts. Cognito's wording differs by operation and has changed
 * over time (all three seen in real responses): SignUp "Password did not conform with policy",
 * AdminCreateUser "Password did not conform with password policy", and ChangePassword,
 * ConfirmForgotPassword, NEW_PASSWORD_REQUIRED (and recent SignUp) "Password does not conform to
 * policy". The reason after ": " is the same in all.
 */
export type PasswordPolicyMessagePrefix =
  | 'Password did not conform with policy'
  | 'Password did not conform with password policy'
  | 'Password does not conform to policy';

/** Options for {@link checkPassword}. */
export interface CheckPasswordOptions {
  /** The request member, for the validation message: 'password', 'proposedPassword', … */
  field?: string;
  /** Defaults to 'Password did not conform with policy'. */
  prefix?: PasswordPolicyMessagePrefix;
}

// The service model's PasswordType as Cognito reports it ("Member must satisfy regular expression
// pattern: ^[\S]+.*[\S]+$"): at most 256 characters, no whitespace at either end. Cognito runs on
// Java, so \S and . are spelled out with Java's meaning rather than JavaScript's Unicode one.
const MAX_PASSWORD_LENGTH = 256;
const PASSWORD_PATTERN = '^[\\S]+.*[\\S]+$';
const JAVA_NON_SPACE = '[^ \\t\\n\\x0B\\f\\r]';
const JAVA_ANY = '[^\\n\\r\\u0085\\u2028\\u2029]';
const PASSWORD_REGEX = new RegExp(`^${JAVA_NON_SPACE}+${JAVA_ANY}*${JAVA_NON_SPACE}+$`);

/**
 * Applies the service's hard limits, which hold whatever the pool policy says. Throws
 * InvalidParameterException with AWS's validation text, e.g. "1 validation error detected: Value
 * at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern:
 * ^[\S]+.*[\S]+$". The password itself never appears in the message.
 */
export function checkPasswordShape(password: string, field = 'password'): void {
  const violations = stringViolations(password, field, {
    max: MAX_PASSWORD_LENGTH,
    sensitive: true,
  });
  if (!PASSWORD_REGEX.test(password)) {
    const constraint = `Member must satisfy regular expression pattern: ${PASSWORD_PATTERN}`;
    violations.push(violation(password, field, constraint, true));
  }
  throwViolations(violations);
}

/**
 * Checks a password against the hard limits ({@link checkPasswordShape}), then the pool policy.
 * A policy failure throws InvalidPasswordException with Cognito's reason for the first unmet rule,
 * in this order: "Password not long enough", "Password must have uppercase characters",
 * "… lowercase characters", "… numeric characters", "… symbol characters".
 * Absent policy fields require nothing. Letters and digits are Basic Latin only, as documented.
 * A pool that turns on Cognate's compromised-password check (compromised.ts) then also refuses
 * the most common passwords.
 */
export function checkPassword(
  policy: PasswordPolicyType,
  password: string,
  options: CheckPasswordOptions = {},
): void {
  checkPasswordShape(password, options.field);
  const reason =
    policyFailure(policy, password) ??
    (checksCompromised(policy) && isCompromisedPassword(password) ? COMPROMISED_REASON : undefined);
  if (reason) {
    const prefix = options.prefix ?? 'Password did not conform with policy';
    throw new InvalidPasswordException(`${prefix}: ${reason}`);
  }
}

// Letters and digits easily misread in an invitation email (I l 1, O 0) are left out, and so are
// symbols that break HTML templates or blur into the sentence around {####} (< > & " ' ` \ . , and
// space). Every set is still inside Cognito's, so any policy is met.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '^$*[]{}()?!@#%/:;|_~=+-';
const TEMPORARY_PASSWORD_LENGTH = 12;

/**
 * A temporary password for AdminCreateUser when the admin gives none. It always has an
 * uppercase letter, a lowercase letter, a digit and a symbol, so it satisfies any policy, and is
 * 12 characters or the policy minimum if longer. `random` must be cryptographically secure
 * (`crypto.randomBytes`); every choice is uniform, using rejection sampling.
 */
export function generateTemporaryPassword(
  policy: PasswordPolicyType,
  random: (bytes: number) => Buffer,
): string {
  const length = Math.min(
    Math.max(policy.MinimumLength ?? 0, TEMPORARY_PASSWORD_LENGTH),
    MAX_PASSWORD_LENGTH,
  );
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => pick(set, random));
  while (chars.length < length) chars.push(pick(all, random));
  // Fisher-Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = uniformInt(i + 1, random);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function policyFailure(policy: PasswordPolicyType, password: string): string | undefined {
  if (password.length < (policy.MinimumLength ?? 0)) return 'Password not long enough';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) {
    return 'Password must have uppercase characters';
  }
  if (policy.RequireLowercase && !/[a-z]/.test(password)) {
    return 'Password must have lowercase characters';
  }
  if (policy.RequireNumbers && !/[0-9]/.test(password)) {
    return 'Password must have numeric characters';
  }
  if (policy.RequireSymbols && ![...password].some((c) => PASSWORD_SYMBOLS.includes(c))) {
    return 'Password must have symbol characters';
  }
  return undefined;
}

function pick(set: string, random: (bytes: number) => Buffer): string {
  return set[uniformInt(set.length, random)];
}

/** A uniform integer in [0, n), n ≤ 256: bytes at or above the last full multiple of n are redrawn. */
function uniformInt(n: number, random: (bytes: number) => Buffer): number {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`uniformInt: bad range ${n}`);
  const limit = 256 - (256 % n);
  for (;;) {
    const byte = random(1)[0];
    if (byte === undefined) throw new Error('The random source returned no bytes.');
    if (byte < limit) return byte % n;
  }
}
