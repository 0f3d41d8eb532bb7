// User attributes: wire conversion, schema validation and app-client read/write permissions.
// Messages are Cognito's where its real responses could be found; the others are marked
// "not Cognito-verified" and follow the same shape so clients that match on prefixes still work.
import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { Attributes } from '../../model/user.ts';
import { InvalidParameterException, NotAuthorizedException } from '../errors.ts';
import { isEmail, isPhoneNumber } from '../validation/identifiers.ts';
import { type StringRules, stringViolations } from '../validation/members.ts';
import { throwViolations, violation, wrongType } from '../validation/messages.ts';

/** Which operation writes the attributes; Cognito applies different rules to each. */
export type AttributeWriteMode = 'signUp' | 'adminCreate' | 'update';

// Service model limits (botocore cognito-idp 2016-04-18: AttributeNameType, AttributeValueType).
const MAX_VALUE_LENGTH = 2048;
const NAME: StringRules = {
  min: 1,
  max: 32,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+',
};
const VALUE: StringRules = { max: MAX_VALUE_LENGTH, sensitive: true };

/** Built into every pool and not configurable, so they are known even when a schema omits them. */
const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);
const VERIFIED_FLAG_DEF: SchemaAttributeType = { AttributeDataType: 'Boolean', Mutable: true };

// Real Cognito responses: "Attributes did not conform to the schema: custom:x: Attribute does not
// exist in the schema.\n" (SignUp), "user.x: Attribute does not exist in the schema.\n"
// (UpdateUserAttributes), "...: email: The attribute is required\n", "user.email: Attribute cannot
// be updated.\n". Each problem line ends with a newline, as Cognito's do.
const NOT_IN_SCHEMA = 'Attribute does not exist in the schema.';
const REQUIRED = 'The attribute is required';
const CANNOT_UPDATE = 'Attribute cannot be updated.';
// InvalidParameterException messages Cognito sends on their own (seen verbatim in client code).
const INVALID_EMAIL = 'Invalid email address format.';
const INVALID_PHONE = 'Invalid phone number format.';

/**
 * Reads a wire attribute list (`[{ Name, Value }]`) into domain form.
 *
 * Wrong JSON types and duplicate names throw InvalidParameterException naming `field` (real
 * Cognito answers a wrong type with SerializationException). Model constraints (name 1-32
 * characters of the allowed pattern, value at most 2048) fail with Cognito's validation message,
 * e.g. "1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy
 * constraint: Member must have length less than or equal to 2048". A missing list is empty.
 *
 * @param list The decoded JSON member, e.g. `body.UserAttributes`.
 * @param field The member's name as Cognito reports it, e.g. `'userAttributes'`.
 */
export function attributesFromWire(list: unknown, field: string): Attributes {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) wrongType(field, 'a list of attributes');
  const items = list.map((item, i) => readItem(item, `${field}.${i + 1}.member`));
  throwViolations(items.flatMap(({ name, value, path }) => modelViolations(name, value, path)));

  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const { name, value } of items) {
    if (name === null) continue; // already rejected by modelViolations
    // Seen verbatim in client code handling Cognito's answer to an attribute without a value.
    if (value === null)
      throw new InvalidParameterException(`Attribute value for ${name} must not be null`);
    // Not Cognito-verified: Cognito documents nothing for repeated names.
    if (seen.has(name))
      throw new InvalidParameterException(`Duplicate attribute in ${field}: ${name}`);
    seen.add(name);
    entries.push([name, value]);
  }
  // fromEntries defines own properties, so a name like `__proto__` cannot touch the prototype.
  return Object.fromEntries(entries);
}

/** Writes domain attributes as Cognito's `[{ Name, Value }]` list, in insertion order. */
export function attributesToWire(attrs: Attributes): { Name: string; Value: string }[] {
  return Object.entries(attrs).map(([Name, Value]) => ({ Name, Value }));
}

/**
 * Checks attributes a request writes against the pool schema; throws InvalidParameterException.
 *
 * Schema problems are collected and sent together, as Cognito does: on `signUp`/`adminCreate`
 * "Attributes did not conform to the schema: a: …\nb: …\n", on `update` "user.a: …\n".
 * Then email and phone number formats, each with its own message.
 *
 * - Unknown names: "Attribute does not exist in the schema." (`email_verified` and
 *   `phone_number_verified` are always known).
 * - `sub` is never writable; on `update` neither is an attribute with `Mutable: false`:
 *   "Attribute cannot be updated.".
 * - Missing or empty required attributes on `signUp` only: "The attribute is required".
 *   AdminCreateUser may omit them; the user supplies them at the NEW_PASSWORD_REQUIRED challenge
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html).
 * - Values: at most 2048 characters; String length and Number range per the schema constraints;
 *   Boolean (and the verified flags) `true`/`false` in any case; DateTime a parsable date.
 */
export function validateAttributes(
  schema: SchemaAttributeType[],
  attrs: Attributes,
  mode: AttributeWriteMode,
): void {
  const byName = new Map(schema.map((def) => [def.Name, def]));
  const problems: [name: string, problem: string][] = [];
  for (const [name, value] of Object.entries(attrs)) {
    const problem = attributeProblem(byName.get(name), name, value, mode);
    if (problem) problems.push([name, problem]);
  }
  if (mode === 'signUp') {
    for (const def of schema) {
      // `sub` is marked Required in every schema but Cognito assigns it.
      if (def.Required && def.Name && def.Name !== 'sub' && !hasValue(attrs, def.Name)) {
        problems.push([def.Name, REQUIRED]);
      }
    }
  }
  if (problems.length > 0) throw new InvalidParameterException(schemaMessage(problems, mode));

  if (hasOwn(attrs, 'email') && !isEmail(attrs.email)) {
    throw new InvalidParameterException(INVALID_EMAIL);
  }
  if (hasOwn(attrs, 'phone_number') && !isPhoneNumber(attrs.phone_number)) {
    throw new InvalidParameterException(INVALID_PHONE);
  }
}

/**
 * The attributes an app client may read. Without a ReadAttributes list every attribute is
 * readable; `sub` is always returned because Cognito always includes it.
 */
export function filterReadable(
  attrs: Attributes,
  readAttributes: string[] | undefined,
): Attributes {
  if (readAttributes === undefined) return { ...attrs };
  const readable = new Set([...readAttributes, 'sub']);
  return Object.fromEntries(Object.entries(attrs).filter(([name]) => readable.has(name)));
}

/**
 * Throws NotAuthorizedException "A client attempted to write unauthorized attribute" (Cognito's
 * message) when an app client writes an attribute outside its WriteAttributes.
 *
 * Without a WriteAttributes list a client may write everything except the verified flags:
 * AWS documents the default write set as the standard attributes, while the default read set
 * names `email_verified`/`phone_number_verified` separately; users verifying their own address
 * would defeat verification. Developer-only (`dev:`) attributes need IAM credentials, so no
 * client may write them.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
 */
export function assertWritable(names: string[], writeAttributes: string[] | undefined): void {
  const allowed = (name: string): boolean =>
    !name.startsWith('dev:') &&
    (writeAttributes === undefined ? !VERIFIED_FLAGS.has(name) : writeAttributes.includes(name));
  if (!names.every(allowed)) {
    throw new NotAuthorizedException('A client attempted to write unauthorized attribute');
  }
}

/**
 * The value Cognito stores. Only the verified flags change (`True` → `true`); Cognito keeps
 * email and every other value exactly as given (it does not lowercase email).
 */
export function normalizeAttributeValue(name: string, value: string): string {
  return VERIFIED_FLAGS.has(name) && /^(true|false)$/i.test(value) ? value.toLowerCase() : value;
}

type WireItem = { name: string | null; value: string | null; path: string };

/** Deserialization: an item must be an object whose Name and Value are strings when present. */
function readItem(item: unknown, path: string): WireItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    wrongType(path, 'an object with Name and Value');
  }
  const { Name, Value } = item as Record<string, unknown>;
  return {
    name: stringOrNull(Name, `${path}.name`),
    value: stringOrNull(Value, `${path}.value`),
    path,
  };
}

function stringOrNull(v: unknown, path: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') wrongType(path, 'a string');
  return v;
}

/** The model's constraints on one item; the value is sensitive, so never shown. */
function modelViolations(name: string | null, value: string | null, path: string): string[] {
  const names =
    name === null
      ? [violation(name, `${path}.name`, 'Member must not be null')]
      : stringViolations(name, `${path}.name`, NAME);
  return value === null ? names : [...names, ...stringViolations(value, `${path}.value`, VALUE)];
}

function schemaMessage(problems: [string, string][], mode: AttributeWriteMode): string {
  if (mode === 'update') return problems.map(([name, p]) => `user.${name}: ${p}\n`).join('');
  const lines = problems.map(([name, p]) => `${name}: ${p}\n`).join('');
  return `Attributes did not conform to the schema: ${lines}`;
}

function attributeProblem(
  def: SchemaAttributeType | undefined,
  name: string,
  value: string,
  mode: AttributeWriteMode,
): string | undefined {
  if (name === 'sub') return CANNOT_UPDATE;
  const known = def ?? (VERIFIED_FLAGS.has(name) ? VERIFIED_FLAG_DEF : undefined);
  if (!known) return NOT_IN_SCHEMA;
  // Immutable attributes can be set only when the user is created.
  if (mode === 'update' && known.Mutable === false) return CANNOT_UPDATE;
  return valueProblem(known, value);
}

// The value messages below are not Cognito-verified (no real response could be found).
function valueProblem(def: SchemaAttributeType, value: string): string | undefined {
  if (value.length > MAX_VALUE_LENGTH) {
    return `String must be no longer than ${MAX_VALUE_LENGTH} characters`;
  }
  switch (def.AttributeDataType) {
    case 'Number':
      return numberProblem(def, value);
    case 'Boolean':
      return /^(true|false)$/i.test(value) ? undefined : 'Attribute value must be true or false';
    case 'DateTime':
      return Number.isNaN(Date.parse(value))
        ? 'Attribute value must be a date and time'
        : undefined;
    default:
      return stringProblem(def, value);
  }
}

function numberProblem(def: SchemaAttributeType, value: string): string | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return 'Attribute value must be a number';
  const n = Number(value);
  const min = bound(def.NumberAttributeConstraints?.MinValue);
  const max = bound(def.NumberAttributeConstraints?.MaxValue);
  if (min !== undefined && n < min) return `Number must be no less than ${min}`;
  if (max !== undefined && n > max) return `Number must be no greater than ${max}`;
  return undefined;
}

function stringProblem(def: SchemaAttributeType, value: string): string | undefined {
  const min = bound(def.StringAttributeConstraints?.MinLength);
  const max = bound(def.StringAttributeConstraints?.MaxLength);
  if (max !== undefined && value.length > max)
    return `String must be no longer than ${max} characters`;
  if (min !== undefined && value.length < min)
    return `String must be no shorter than ${min} characters`;
  return undefined;
}

/** Schema constraints are strings on the wire; an unparsable one constrains nothing. */
function bound(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function hasOwn(attrs: Attributes, name: string): boolean {
  return Object.hasOwn(attrs, name);
}

function hasValue(attrs: Attributes, name: string): boolean {
  return hasOwn(attrs, name) && attrs[name] !== '';
}
