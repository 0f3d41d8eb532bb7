import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalFilter,
  checkFilterAttribute,
  FILTER_ATTRIBUTES,
  parseUserFilter,
} from './user-filter.ts';

function rejects(text: string, message: string): void {
  assert.throws(
    () => parseUserFilter(text),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'InvalidParameterException', text);
      assert.equal(err.message, message, text);
      return true;
    },
  );
}

test('an empty or blank filter is no filter', () => {
  assert.equal(parseUserFilter(''), undefined);
  assert.equal(parseUserFilter(' \t '), undefined);
});

test('parses both operators on every searchable attribute', () => {
  for (const attribute of FILTER_ATTRIBUTES) {
    assert.deepEqual(parseUserFilter(`${attribute} = "Jon"`), { attribute, op: '=', value: 'Jon' });
    assert.deepEqual(parseUserFilter(`${attribute} ^= "Jon"`), {
      attribute,
      op: '^=',
      value: 'Jon',
    });
  }
});

test('whitespace is optional around the operator and allowed at either end', () => {
  const bob = { attribute: 'email', op: '^=', value: 'bob' };
  assert.deepEqual(parseUserFilter('email^="bob"'), bob);
  assert.deepEqual(parseUserFilter('  email ^=   "bob"  '), bob);
  assert.deepEqual(parseUserFilter('email\t^=\n"bob"'), bob);
  // Inside the quotes, blanks are part of the value.
  assert.equal(parseUserFilter('name = "  Jon  Doe "')?.value, '  Jon  Doe ');
});

test('values: escaped quotes and backslashes, anything else as written', () => {
  assert.equal(parseUserFilter('family_name = "Reddy"')?.value, 'Reddy');
  assert.equal(parseUserFilter('name = "Jon \\"JJ\\" Doe"')?.value, 'Jon "JJ" Doe');
  assert.equal(parseUserFilter('name = "a\\\\b"')?.value, 'a\\b');
  assert.equal(parseUserFilter('name = "a\\nb"')?.value, 'a\\nb');
  assert.equal(parseUserFilter('name = "a\\\\"')?.value, 'a\\');
  assert.equal(parseUserFilter('name = "="')?.value, '=');
  assert.equal(parseUserFilter('name = "^= \\" ="')?.value, '^= " =');
  assert.equal(parseUserFilter('email = ""')?.value, '');
  assert.equal(parseUserFilter('name = "Zoë 🎉"')?.value, 'Zoë 🎉');
});

test('malformed filters are "Error while parsing filter."', () => {
  for (const text of [
    'email',
    'email =',
    'email = bob',
    "email = 'bob'",
    'email == "bob"',
    'email != "bob"',
    'email ^ "bob"',
    'email =^ "bob"',
    'email "bob"',
    '= "bob"',
    '^= "bob"',
    '"email" = "bob"',
    'email = "bob',
    'email = "bob\\"',
    'email = "bob" x',
    'email = "bob""',
    'email = "a" and name = "b"',
    'email name = "bob"',
  ]) {
    rejects(text, 'Error while parsing filter.');
  }
});

test('attributes Cognito does not search are named in the error', () => {
  for (const name of [
    'Email',
    'USERNAME',
    'locale',
    'email_verified',
    'x',
    'custom:',
    'Custom:x',
  ]) {
    rejects(`${name} = "a"`, `Invalid search attribute: ${name}`);
  }
  rejects(`custom:${'x'.repeat(21)} = "a"`, `Invalid search attribute: custom:${'x'.repeat(21)}`);
});

test('custom attributes parse (a Cognate extension); the pool must define them', () => {
  const tier = parseUserFilter('custom:tier ^= "Go"');
  assert.deepEqual(tier, { attribute: 'custom:tier', op: '^=', value: 'Go' });
  assert.equal(parseUserFilter(`custom:${'é'.repeat(20)} = "a"`)?.attribute.length, 27);
  checkFilterAttribute(tier, ['email', 'custom:tier']);
  checkFilterAttribute(parseUserFilter('email = "a"'), []);
  checkFilterAttribute(undefined, []);
  assert.throws(
    () => checkFilterAttribute(tier, ['email', 'custom:tie', 'custom:Tier']),
    (err: Error) =>
      err.name === 'InvalidParameterException' &&
      err.message === 'Invalid search attribute: custom:tier',
  );
});

test('the canonical form ignores spelling and keeps the value exact', () => {
  const a = parseUserFilter('email^="b\\"c"');
  const b = parseUserFilter('  email ^= "b\\"c" ');
  assert.equal(canonicalFilter(a), canonicalFilter(b));
  assert.notEqual(canonicalFilter(a), canonicalFilter(parseUserFilter('email = "b\\"c"')));
  assert.notEqual(canonicalFilter(a), canonicalFilter(parseUserFilter('email ^= "B\\"c"')));
  assert.equal(canonicalFilter(undefined), '');
});
