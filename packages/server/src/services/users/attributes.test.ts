import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import {
  assertWritable,
  attributesFromWire,
  attributesToWire,
  filterReadable,
  normalizeAttributeValue,
  validateAttributes,
} from './attributes.ts';

/** A schema attribute with Cognito's usual defaults: a mutable, optional String. */
function attr(Name: string, extra: Partial<SchemaAttributeType> = {}): SchemaAttributeType {
  return { Name, AttributeDataType: 'String', Mutable: true, Required: false, ...extra };
}

const schema: SchemaAttributeType[] = [
  attr('sub', { Mutable: false, Required: true }),
  attr('email', { Required: true }),
  attr('given_name', { Required: true }),
  attr('phone_number'),
  attr('email_verified', { AttributeDataType: 'Boolean' }),
  attr('updated_at', {
    AttributeDataType: 'Number',
    NumberAttributeConstraints: { MinValue: '0' },
  }),
  attr('custom:code', { StringAttributeConstraints: { MinLength: '2', MaxLength: '4' } }),
  attr('custom:age', {
    AttributeDataType: 'Number',
    NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' },
  }),
  attr('custom:tier', { Mutable: false }),
  attr('custom:flag', { AttributeDataType: 'Boolean' }),
  attr('custom:since', { AttributeDataType: 'DateTime' }),
];

const valid = { email: 'a@example.com', given_name: 'Ann' };

function rejects(fn: () => void, code: string, message: string): void {
  assert.throws(fn, { code, message });
}
const invalid = (fn: () => void, message: string) =>
  rejects(fn, 'InvalidParameterException', message);

test('attributesFromWire reads a list and treats a missing list as empty', () => {
  const list = [
    { Name: 'email', Value: 'a@example.com' },
    { Name: 'custom:tier', Value: 'gold' },
  ];
  assert.deepEqual(attributesFromWire(list, 'userAttributes'), {
    email: 'a@example.com',
    'custom:tier': 'gold',
  });
  assert.deepEqual(attributesFromWire(undefined, 'userAttributes'), {});
  assert.deepEqual(attributesFromWire(null, 'userAttributes'), {});
});

test('attributesFromWire rejects wrong JSON types, naming the field', () => {
  invalid(
    () => attributesFromWire({}, 'userAttributes'),
    'Invalid type for userAttributes: expected a list of attributes.',
  );
  invalid(
    () => attributesFromWire(['email'], 'userAttributes'),
    'Invalid type for userAttributes.1.member: expected an object with Name and Value.',
  );
  invalid(
    () => attributesFromWire([{ Name: 1, Value: 'x' }], 'userAttributes'),
    'Invalid type for userAttributes.1.member.name: expected a string.',
  );
  invalid(
    () =>
      attributesFromWire(
        [
          { Name: 'a', Value: 'x' },
          { Name: 'b', Value: true },
        ],
        'userAttributes',
      ),
    'Invalid type for userAttributes.2.member.value: expected a string.',
  );
});

test('attributesFromWire applies the service model constraints with AWS validation text', () => {
  invalid(
    () => attributesFromWire([{ Value: 'x' }], 'userAttributes'),
    "1 validation error detected: Value null at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null",
  );
  const long = 'a'.repeat(33);
  invalid(
    () => attributesFromWire([{ Name: long, Value: 'x' }], 'userAttributes'),
    `1 validation error detected: Value '${long}' at 'userAttributes.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 32`,
  );
  invalid(
    () =>
      attributesFromWire(
        [
          { Name: '', Value: 'x' },
          { Name: 'name', Value: 'v'.repeat(2049) },
        ],
        'userAttributes',
      ),
    "3 validation errors detected: Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+; " +
      "Value at 'userAttributes.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048",
  );
  assert.deepEqual(
    attributesFromWire([{ Name: 'name', Value: 'v'.repeat(2048) }], 'f').name.length,
    2048,
  );
});

test('attributesFromWire rejects null values and duplicate names', () => {
  invalid(
    () => attributesFromWire([{ Name: 'picture' }], 'userAttributes'),
    'Attribute value for picture must not be null',
  );
  invalid(
    () =>
      attributesFromWire(
        [
          { Name: 'email', Value: 'a@example.com' },
          { Name: 'email', Value: 'b@example.com' },
        ],
        'userAttributes',
      ),
    'Duplicate attribute in userAttributes: email',
  );
});

test('attributesFromWire keeps a __proto__ name as data, not as the prototype', () => {
  const attrs = attributesFromWire([{ Name: '__proto__', Value: 'x' }], 'userAttributes');
  assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
  assert.deepEqual(Object.entries(attrs), [['__proto__', 'x']]);
  invalid(
    () => validateAttributes(schema, { ...valid, ...attrs }, 'signUp'),
    'Attributes did not conform to the schema: __proto__: Attribute does not exist in the schema.\n',
  );
});

test('attributesToWire writes Name/Value pairs in order', () => {
  assert.deepEqual(attributesToWire({ sub: 's-1', email: 'a@example.com' }), [
    { Name: 'sub', Value: 's-1' },
    { Name: 'email', Value: 'a@example.com' },
  ]);
});

test('validateAttributes accepts a conforming set in every mode', () => {
  const attrs = {
    ...valid,
    phone_number: '+12065551212',
    email_verified: 'True',
    updated_at: '1700000000',
    'custom:code': 'ab',
    'custom:age': '42',
    'custom:flag': 'false',
    'custom:since': '2024-05-01T10:00:00Z',
  };
  validateAttributes(schema, attrs, 'signUp');
  validateAttributes(schema, attrs, 'adminCreate');
  validateAttributes(schema, { given_name: 'Bo' }, 'update');
});

test('unknown attributes are listed one per line, as Cognito does', () => {
  invalid(
    () => validateAttributes(schema, { ...valid, 'custom:foo': 'x', 'custom:bar': 'y' }, 'signUp'),
    'Attributes did not conform to the schema: custom:foo: Attribute does not exist in the schema.\n' +
      'custom:bar: Attribute does not exist in the schema.\n',
  );
  invalid(
    () => validateAttributes(schema, { 'custom:foo': 'x' }, 'update'),
    'user.custom:foo: Attribute does not exist in the schema.\n',
  );
});

test('verified flags are known even when the schema omits them', () => {
  validateAttributes([attr('email')], { email: 'a@example.com', email_verified: 'true' }, 'update');
  validateAttributes([attr('phone_number')], { phone_number_verified: 'FALSE' }, 'update');
});

test('required attributes are enforced on signUp only, never sub', () => {
  invalid(
    () => validateAttributes(schema, { given_name: 'Ann' }, 'signUp'),
    'Attributes did not conform to the schema: email: The attribute is required\n',
  );
  invalid(
    () => validateAttributes(schema, { email: '' }, 'signUp'),
    'Attributes did not conform to the schema: email: The attribute is required\n' +
      'given_name: The attribute is required\n',
  );
  // AdminCreateUser may leave required attributes to the NEW_PASSWORD_REQUIRED challenge.
  validateAttributes(schema, {}, 'adminCreate');
  validateAttributes(schema, {}, 'update');
});

test('sub is never writable; immutable attributes only at creation', () => {
  invalid(
    () => validateAttributes(schema, { ...valid, sub: 'x' }, 'signUp'),
    'Attributes did not conform to the schema: sub: Attribute cannot be updated.\n',
  );
  invalid(
    () => validateAttributes(schema, { sub: 'x' }, 'update'),
    'user.sub: Attribute cannot be updated.\n',
  );
  validateAttributes(schema, { ...valid, 'custom:tier': 'gold' }, 'signUp');
  validateAttributes(schema, { 'custom:tier': 'gold' }, 'adminCreate');
  invalid(
    () => validateAttributes(schema, { 'custom:tier': 'gold' }, 'update'),
    'user.custom:tier: Attribute cannot be updated.\n',
  );
});

test('String values follow the schema length constraints and the 2048 limit', () => {
  const conform = (problem: string) => `Attributes did not conform to the schema: ${problem}\n`;
  invalid(
    () => validateAttributes(schema, { ...valid, 'custom:code': 'abcde' }, 'signUp'),
    conform('custom:code: String must be no longer than 4 characters'),
  );
  invalid(
    () => validateAttributes(schema, { ...valid, 'custom:code': 'a' }, 'signUp'),
    conform('custom:code: String must be no shorter than 2 characters'),
  );
  invalid(
    () => validateAttributes(schema, { ...valid, given_name: 'x'.repeat(2049) }, 'signUp'),
    conform('given_name: String must be no longer than 2048 characters'),
  );
});

test('Number, Boolean and DateTime values are checked by type', () => {
  const update = (attrs: Record<string, string>) => () =>
    validateAttributes(schema, attrs, 'update');
  invalid(update({ 'custom:age': 'ten' }), 'user.custom:age: Attribute value must be a number\n');
  invalid(update({ 'custom:age': '-1' }), 'user.custom:age: Number must be no less than 0\n');
  invalid(update({ 'custom:age': '151' }), 'user.custom:age: Number must be no greater than 150\n');
  invalid(update({ updated_at: '1e9' }), 'user.updated_at: Attribute value must be a number\n');
  invalid(
    update({ 'custom:flag': 'yes' }),
    'user.custom:flag: Attribute value must be true or false\n',
  );
  invalid(
    update({ email_verified: '1' }),
    'user.email_verified: Attribute value must be true or false\n',
  );
  invalid(
    update({ 'custom:since': 'soon' }),
    'user.custom:since: Attribute value must be a date and time\n',
  );
  validateAttributes(schema, { 'custom:age': '150', 'custom:flag': 'TRUE' }, 'update');
});

test('schema problems are reported together, before formats', () => {
  invalid(
    () => validateAttributes(schema, { email: 'not-an-email', 'custom:x': '1' }, 'signUp'),
    'Attributes did not conform to the schema: custom:x: Attribute does not exist in the schema.\n' +
      'given_name: The attribute is required\n',
  );
});

test('email must look like an address (case kept as given)', () => {
  for (const email of ['plain', 'a b@example.com', 'a@', '@example.com', 'a@b@c', '']) {
    invalid(() => validateAttributes(schema, { email }, 'update'), 'Invalid email address format.');
  }
  validateAttributes(schema, { email: 'Ann.Lee+tag@Example.COM' }, 'update');
});

test('phone_number must be E.164', () => {
  for (const phone_number of [
    '2065551212',
    '+1 206 555 1212',
    '+1-206-5551212',
    '+0123',
    '+1234567890123456',
  ]) {
    invalid(
      () => validateAttributes(schema, { phone_number }, 'update'),
      'Invalid phone number format.',
    );
  }
  validateAttributes(schema, { phone_number: '+442071838750' }, 'update');
});

test('filterReadable keeps listed attributes and always sub', () => {
  const attrs = { sub: 's-1', email: 'a@example.com', 'custom:tier': 'gold' };
  assert.deepEqual(filterReadable(attrs, undefined), attrs);
  assert.notEqual(filterReadable(attrs, undefined), attrs);
  assert.deepEqual(filterReadable(attrs, ['email']), { sub: 's-1', email: 'a@example.com' });
  assert.deepEqual(filterReadable(attrs, []), { sub: 's-1' });
});

test('assertWritable enforces the client WriteAttributes', () => {
  const denied = (names: string[], write: string[] | undefined) =>
    rejects(
      () => assertWritable(names, write),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    );
  assertWritable(['email', 'custom:tier'], ['email', 'custom:tier', 'name']);
  denied(['email', 'custom:tier'], ['email']);
  denied(['email'], []);
  // The default write set: everything but the verified flags and developer-only attributes.
  assertWritable(['email', 'name', 'custom:tier'], undefined);
  denied(['email_verified'], undefined);
  denied(['phone_number_verified'], undefined);
  assertWritable(['email_verified'], ['email_verified']);
  denied(['dev:custom:secret'], undefined);
  denied(['dev:custom:secret'], ['dev:custom:secret']);
  assertWritable([], []);
});

test('normalizeAttributeValue lowercases only the verified flags', () => {
  assert.equal(normalizeAttributeValue('email_verified', 'True'), 'true');
  assert.equal(normalizeAttributeValue('phone_number_verified', 'FALSE'), 'false');
  assert.equal(normalizeAttributeValue('email', 'Ann@Example.COM'), 'Ann@Example.COM');
  assert.equal(normalizeAttributeValue('custom:flag', 'True'), 'True');
});
