import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { PasswordPolicyType } from '@aws-sdk/client-cognito-identity-provider';
import {
  checkPassword,
  checkPasswordShape,
  generateTemporaryPassword,
  PASSWORD_SYMBOLS,
} from './password-policy.ts';

/** Cognito's default policy. */
const strict: PasswordPolicyType = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

function weak(password: string, reason: string, policy = strict): void {
  assert.throws(() => checkPassword(policy, password), {
    code: 'InvalidPasswordException',
    message: `Password did not conform with policy: ${reason}`,
  });
}

function malformed(password: string, message: string, field?: string): void {
  assert.throws(() => checkPasswordShape(password, field), {
    code: 'InvalidParameterException',
    message,
  });
}

const PATTERN_ERROR =
  "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$";

test('a password meeting the policy passes', () => {
  checkPassword(strict, 'Abcdef1!');
  checkPassword(strict, 'Abc def1'); // an inner space is a symbol
  checkPassword({}, 'xy'); // absent fields require nothing
});

test('each policy rule has Cognito’s reason, first failure wins', () => {
  weak('Ab1!', 'Password not long enough');
  weak('abcdefg1!', 'Password must have uppercase characters');
  weak('ABCDEFG1!', 'Password must have lowercase characters');
  weak('Abcdefgh!', 'Password must have numeric characters');
  weak('Abcdefgh1', 'Password must have symbol characters');
  weak('abc', 'Password not long enough');
  weak('abcdefgh', 'Password must have numeric characters', { RequireNumbers: true });
});

test('only Basic Latin letters and digits count', () => {
  weak('ÀBCDEFG1!'.toLowerCase(), 'Password must have uppercase characters');
  weak('ÀÉÎÕÜ1!X', 'Password must have lowercase characters');
  weak('Abcdefg١!', 'Password must have numeric characters'); // Arabic-Indic digit one
});

test('every documented symbol counts, and nothing else does', () => {
  for (const symbol of '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-') {
    checkPassword(strict, `Abcdef1${symbol}`);
  }
  assert.equal(PASSWORD_SYMBOLS.length, 33);
  for (const other of ['€', '§', '·', '\u00a0']) {
    weak(`Abcdef1${other}x`, 'Password must have symbol characters');
  }
});

test('the message prefix follows the operation', () => {
  assert.throws(
    () => checkPassword(strict, 'short', { prefix: 'Password does not conform to policy' }),
    { message: 'Password does not conform to policy: Password not long enough' },
  );
  assert.throws(
    () =>
      checkPassword(strict, 'short', { prefix: 'Password did not conform with password policy' }),
    { message: 'Password did not conform with password policy: Password not long enough' },
  );
});

test('hard limits: no whitespace at either end, at most 256 characters', () => {
  malformed(' Abcdef1!', PATTERN_ERROR);
  malformed('Abcdef1! ', PATTERN_ERROR);
  malformed('Abcdef1!\t', PATTERN_ERROR);
  malformed('Abc\ndef1!', PATTERN_ERROR);
  malformed('a', PATTERN_ERROR);
  malformed('', PATTERN_ERROR);
  malformed(
    `A${'b'.repeat(255)} `,
    "2 validation errors detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256; " +
      "Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
  );
  checkPasswordShape(`A${'b'.repeat(254)}1`);
  malformed(
    'x'.repeat(257),
    "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
  );
  // Java's \S: a no-break space is not whitespace there, so it may end a password.
  checkPasswordShape('Abcdef1\u00a0');
});

test('hard limits come before the policy and name the request member', () => {
  assert.throws(() => checkPassword(strict, ' x', { field: 'proposedPassword' }), {
    code: 'InvalidParameterException',
    message:
      "1 validation error detected: Value at 'proposedPassword' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
  });
});

test('generated temporary passwords satisfy any policy', () => {
  for (let i = 0; i < 200; i++) {
    const password = generateTemporaryPassword(strict, randomBytes);
    assert.equal(password.length, 12);
    checkPassword(strict, password);
  }
  const long = generateTemporaryPassword({ ...strict, MinimumLength: 99 }, randomBytes);
  assert.equal(long.length, 99);
  checkPassword({ ...strict, MinimumLength: 99 }, long);
  assert.equal(generateTemporaryPassword({}, randomBytes).length, 12);
});

test('generated passwords avoid characters that break invitation emails', () => {
  for (let i = 0; i < 200; i++) {
    assert.doesNotMatch(generateTemporaryPassword(strict, randomBytes), /[<>&"'`\\., Il1O0]/);
  }
});

test('selection is unbiased: out-of-range bytes are redrawn, not folded', () => {
  // 255 is past the last full multiple of 24 (the uppercase set), so it must be redrawn. Folding
  // it (255 % 24 = 15) would pick 'R'; redrawing takes the next byte, 0, which picks 'A'.
  const offered: number[] = [];
  const source = (n: number): Buffer => {
    assert.equal(n, 1);
    offered.push(offered.length === 0 ? 255 : 0);
    return Buffer.from([offered[offered.length - 1]]);
  };
  const password = generateTemporaryPassword(strict, source);
  assert.deepEqual(new Set(password), new Set(['A', 'a', '2', '^']));
  // 1 rejected + 12 characters + 11 shuffle swaps.
  assert.equal(offered.length, 24);
});

test('every character of the alphabet can be chosen', () => {
  // 3,600 draws over 80 characters: missing one by chance is below 1e-17.
  const seen = new Set<string>();
  for (let k = 0; k < 300; k++) {
    for (const c of generateTemporaryPassword({}, randomBytes)) seen.add(c);
  }
  assert.equal(seen.size, 24 + 25 + 8 + 23);
});

test('a broken random source fails loudly', () => {
  assert.throws(() => generateTemporaryPassword(strict, () => Buffer.alloc(0)), {
    message: 'The random source returned no bytes.',
  });
});
