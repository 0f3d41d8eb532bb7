import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CognateError } from '../errors.ts';
import {
  checkInteger,
  readEnum,
  readEnumList,
  readInteger,
  readObject,
  readString,
  readStringList,
  readStringMap,
  str,
  strList,
} from './members.ts';
import { validationMessage, violation, wholePattern } from './messages.ts';
import * as shapes from './shapes.ts';
import { ARN, CLIENT_ID, GROUP_NAME, PASSWORD, USER_POOL_ID, USERNAME } from './shapes.ts';

/** Runs `fn`, which must throw InvalidParameterException with exactly `message`. */
function fails(fn: () => unknown, message: string | RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CognateError, `expected a CognateError, got ${String(err)}`);
    assert.equal(err.code, 'InvalidParameterException');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

const one = (rest: string) => `1 validation error detected: ${rest}`;

test('a violation shows the value, null, or nothing for a sensitive member', () => {
  assert.equal(
    violation('a/b', 'poolName', 'Member must x'),
    "Value 'a/b' at 'poolName' failed to satisfy constraint: Member must x",
  );
  assert.equal(
    violation(undefined, 'password', 'Member must not be null', true),
    "Value null at 'password' failed to satisfy constraint: Member must not be null",
  );
  assert.equal(
    violation('secret', 'password', 'Member must x', true),
    "Value at 'password' failed to satisfy constraint: Member must x",
  );
  assert.equal(
    violation(['a', 'b'], 'explicitAuthFlows', 'Member must x'),
    "Value '[a, b]' at 'explicitAuthFlows' failed to satisfy constraint: Member must x",
  );
});

test('several violations are counted and joined with "; "', () => {
  assert.equal(validationMessage(['A', 'B']), '2 validation errors detected: A; B');
  assert.equal(validationMessage(['A']), '1 validation error detected: A');
});

test('a required member that is absent or null must not be null', () => {
  for (const input of [{}, { Username: null }]) {
    fails(
      () => str(input, 'Username', USERNAME),
      one("Value null at 'username' failed to satisfy constraint: Member must not be null"),
    );
  }
});

test('an empty username breaks its length and its pattern, reported together without the value', () => {
  fails(
    () => str({ Username: '' }, 'Username', USERNAME),
    "2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
  );
});

test('a long sensitive value is never echoed', () => {
  fails(
    () => str({ Password: 'x'.repeat(257) }, 'Password', PASSWORD),
    one(
      "Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
    ),
  );
});

test('patterns are quoted as the model writes them and match the whole value', () => {
  fails(
    () => str({ UserPoolId: 'us-east-1' }, 'UserPoolId', USER_POOL_ID),
    one(
      "Value 'us-east-1' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    ),
  );
  assert.equal(
    str({ UserPoolId: 'us-east-1_abc123' }, 'UserPoolId', USER_POOL_ID),
    'us-east-1_abc123',
  );
  fails(
    () => str({ ClientId: 'a b' }, 'ClientId', CLIENT_ID),
    /at 'clientId'.*pattern: \[\\w\+\]\+$/,
  );
  fails(() => str({ GroupName: 'has space' }, 'GroupName', GROUP_NAME), /Value 'has space'/);
  assert.equal(
    readString({ RoleArn: 'arn:aws:iam::123456789012:role/r' }, 'RoleArn', '', ARN),
    'arn:aws:iam::123456789012:role/r',
  );
});

test('every shared shape compiles its pattern', () => {
  for (const rules of Object.values(shapes)) {
    if (rules.pattern) assert.ok(wholePattern(rules.pattern) instanceof RegExp, rules.pattern);
  }
});

test('nested members are reported at their path', () => {
  fails(
    () => readString({ MinimumLength: 5 }, 'MinimumLength', 'policies.passwordPolicy'),
    'Invalid type for policies.passwordPolicy.minimumLength: expected a string.',
  );
  fails(
    () => readInteger({ MinimumLength: 5 }, 'MinimumLength', 'policies.passwordPolicy', { min: 6 }),
    one(
      "Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6",
    ),
  );
});

test('integer ranges: one bound at a time, or both when the member names both', () => {
  fails(
    () => checkInteger(61, 'limit', { min: 0, max: 60 }),
    one(
      "Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    ),
  );
  fails(
    () => checkInteger(0, 'maxResults', { min: 1, max: 60, joint: true }),
    one(
      "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60 and greater than or equal to 1",
    ),
  );
  fails(() => checkInteger(1.5, 'limit'), 'Invalid type for limit: expected an integer.');
  assert.equal(readInteger({}, 'Limit', ''), undefined);
});

test('wrong JSON types name the member', () => {
  fails(() => str({ Username: 12345 }, 'Username', USERNAME), /^Invalid type for username: /);
  fails(() => readObject({ Policies: [] }, 'Policies', ''), /^Invalid type for policies: /);
  fails(() => readStringMap({ ClientMetadata: 'x' }, 'ClientMetadata', ''), /clientMetadata/);
  fails(() => strList({ Names: 'a' }, 'Names'), /^Invalid type for names: /);
});

test('enums list their values in the model order', () => {
  fails(
    () =>
      readEnum({ MfaConfiguration: 'MAYBE' }, 'MfaConfiguration', '', ['OFF', 'ON', 'OPTIONAL']),
    one(
      "Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
    ),
  );
  fails(
    () => readEnumList({ Mediums: ['SMS', 'FAX'] }, 'Mediums', '', ['SMS', 'EMAIL']),
    one(
      "Value '[SMS, FAX]' at 'mediums' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SMS, EMAIL]]",
    ),
  );
});

test('a list item that breaks its shape is reported at the list', () => {
  const rules = { min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };
  fails(
    () => strList({ AttributesToGet: ['email', 'x'.repeat(33)] }, 'AttributesToGet', rules),
    one(
      `Value '[email, ${'x'.repeat(33)}]' at 'attributesToGet' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 32, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+]`,
    ),
  );
  assert.deepEqual(strList({ L: ['a', 'a'] }, 'L'), ['a', 'a']);
  assert.deepEqual(readStringList({ L: ['a', 'a'] }, 'L', ''), ['a']);
  fails(
    () => strList({}, 'UserAttributeNames', { required: true }),
    one("Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null"),
  );
});

test('string maps skip null values and hide long ones', () => {
  const map = readStringMap(
    { AuthParameters: { USERNAME: 'u', DEVICE_KEY: null } },
    'AuthParameters',
    '',
  );
  assert.deepEqual({ ...map }, { USERNAME: 'u' });
  assert.deepEqual({ ...readStringMap({}, 'ClientMetadata', '') }, {});
  fails(
    () => readStringMap({ AuthParameters: { SRP_A: 'a'.repeat(131073) } }, 'AuthParameters', ''),
    one(
      "Value at 'authParameters.SRP_A' failed to satisfy constraint: Member must have length less than or equal to 131072",
    ),
  );
});
