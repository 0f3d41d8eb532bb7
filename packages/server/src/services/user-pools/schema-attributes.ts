import type {
  AttributeDataType,
  NumberAttributeConstraintsType,
  SchemaAttributeType,
  StringAttributeConstraintsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CognateError, InvalidParameterException } from '../errors.ts';
import { checkEnum, readBoolean, readObject, readString } from '../validation/members.ts';
import { isObject, type JsonObject, validationError } from '../validation/messages.ts';

/** Prefix Cognito puts on custom attribute names. */
export const CUSTOM_PREFIX = 'custom:';

/** Most custom attributes a pool may have (Cognito quota, not adjustable). */
export const MAX_CUSTOM_ATTRIBUTES = 50;

/** Longest value Cognito stores for a String attribute. */
export const MAX_STRING_LENGTH = 2048;

const DATA_TYPES: readonly AttributeDataType[] = ['String', 'Number', 'DateTime', 'Boolean'];

// CustomAttributeNameType in the Cognito model (botocore cognito-idp service-2.json).
const CUSTOM_NAME_RULES = { min: 1, max: 20, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };

function text(Name: string, MinLength = '0', MaxLength = '2048'): SchemaAttributeType {
  return {
    Name,
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    StringAttributeConstraints: { MinLength, MaxLength },
  };
}

function flag(Name: string): SchemaAttributeType {
  return {
    Name,
    AttributeDataType: 'Boolean',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  };
}

/**
 * The standard attributes, in the order and with the exact shapes DescribeUserPool returns for a
 * pool created through the API (copied from real DescribeUserPool output). `identities` is left
 * out: Cognito lists it only in pools that have federated users, not in a new API-created pool.
 */
export const STANDARD_ATTRIBUTES: readonly SchemaAttributeType[] = Object.freeze([
  { ...text('sub', '1'), Mutable: false, Required: true },
  text('name'),
  text('given_name'),
  text('family_name'),
  text('middle_name'),
  text('nickname'),
  text('preferred_username'),
  text('profile'),
  text('picture'),
  text('website'),
  text('email'),
  flag('email_verified'),
  text('gender'),
  text('birthdate', '10', '10'),
  text('zoneinfo'),
  text('locale'),
  text('phone_number'),
  flag('phone_number_verified'),
  text('address'),
  {
    Name: 'updated_at',
    AttributeDataType: 'Number',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: '0' },
  },
]);

const STANDARD_BY_NAME = new Map(STANDARD_ATTRIBUTES.map((a) => [a.Name as string, a]));

/** True when `name` is one of Cognito's standard attribute names. */
export function isStandardAttribute(name: string): boolean {
  return STANDARD_BY_NAME.has(name);
}

/** A deep copy, so stored schemas never share objects with the constants above. */
function copy(attribute: SchemaAttributeType): SchemaAttributeType {
  return structuredClone(attribute);
}

function parseIntegerString(value: string, allowNegative: boolean): number | undefined {
  const re = allowNegative ? /^-?\d+$/ : /^\d+$/;
  return re.test(value) ? Number(value) : undefined;
}

function invalidConstraints(kind: string, name: string): never {
  throw new InvalidParameterException(`Invalid ${kind} for schema attribute ${name}`);
}

// Messages below follow moto's Cognito emulation, which mirrors Cognito's answers.
function stringConstraints(
  raw: JsonObject,
  path: string,
  name: string,
): StringAttributeConstraintsType {
  const min = readString(raw, 'MinLength', path);
  const max = readString(raw, 'MaxLength', path);
  const kind = 'StringAttributeConstraints';
  const minN = min === undefined ? undefined : parseIntegerString(min, false);
  const maxN = max === undefined ? undefined : parseIntegerString(max, false);
  if ((min !== undefined && minN === undefined) || (max !== undefined && maxN === undefined)) {
    invalidConstraints(kind, name);
  }
  if ((minN ?? 0) > MAX_STRING_LENGTH || (maxN ?? 0) > MAX_STRING_LENGTH) {
    throw new InvalidParameterException(
      `user.${name}: String attributes cannot have a length of more than ${MAX_STRING_LENGTH}`,
    );
  }
  if (minN !== undefined && maxN !== undefined && minN > maxN) {
    throw new InvalidParameterException(`user.${name}: Max length cannot be less than min length.`);
  }
  return {
    ...(min !== undefined && { MinLength: min }),
    ...(max !== undefined && { MaxLength: max }),
  };
}

function numberConstraints(
  raw: JsonObject,
  path: string,
  name: string,
): NumberAttributeConstraintsType {
  const min = readString(raw, 'MinValue', path);
  const max = readString(raw, 'MaxValue', path);
  const minN = min === undefined ? undefined : parseIntegerString(min, true);
  const maxN = max === undefined ? undefined : parseIntegerString(max, true);
  if ((min !== undefined && minN === undefined) || (max !== undefined && maxN === undefined)) {
    invalidConstraints('NumberAttributeConstraints', name);
  }
  if (minN !== undefined && maxN !== undefined && minN > maxN) {
    throw new InvalidParameterException(`user.${name}: Max value cannot be less than min value.`);
  }
  return {
    ...(min !== undefined && { MinValue: min }),
    ...(max !== undefined && { MaxValue: max }),
  };
}

/** Adds the constraints member that fits the data type, as given (or `{}` when `fallback`). */
function withConstraints(
  target: SchemaAttributeType,
  raw: JsonObject,
  path: string,
  fallback: SchemaAttributeType | undefined,
): SchemaAttributeType {
  const name = target.Name as string;
  if (target.AttributeDataType === 'String') {
    const given = readObject(raw, 'StringAttributeConstraints', path);
    target.StringAttributeConstraints = given
      ? stringConstraints(given, `${path}.stringAttributeConstraints`, name)
      : structuredClone(fallback?.StringAttributeConstraints ?? {});
  } else if (target.AttributeDataType === 'Number') {
    const given = readObject(raw, 'NumberAttributeConstraints', path);
    target.NumberAttributeConstraints = given
      ? numberConstraints(given, `${path}.numberAttributeConstraints`, name)
      : structuredClone(fallback?.NumberAttributeConstraints ?? {});
  }
  return target;
}

/**
 * Parses one custom attribute definition (CreateUserPool Schema or AddCustomAttributes).
 * The stored name always carries the `custom:` prefix; a caller-supplied prefix is not doubled.
 * Developer-only attributes keep the `custom:` name and are told apart by DeveloperOnlyAttribute.
 */
export function parseCustomAttribute(raw: unknown, path: string): SchemaAttributeType {
  if (!isObject(raw)) validationError(raw, path, 'Member must be a structure');
  const given = readString(raw, 'Name', path, { required: true }) as string;
  const bare = given.startsWith(CUSTOM_PREFIX) ? given.slice(CUSTOM_PREFIX.length) : given;
  readString({ Name: bare }, 'Name', path, CUSTOM_NAME_RULES);
  if (raw.AttributeDataType === undefined || raw.AttributeDataType === null) {
    throw new InvalidParameterException(
      'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
    );
  }
  const type = checkEnum(raw.AttributeDataType, `${path}.attributeDataType`, DATA_TYPES);
  if (readBoolean(raw, 'Required', path)) {
    throw new InvalidParameterException('Required custom attributes are not supported currently.');
  }
  const attribute: SchemaAttributeType = {
    Name: CUSTOM_PREFIX + bare,
    AttributeDataType: type,
    DeveloperOnlyAttribute: readBoolean(raw, 'DeveloperOnlyAttribute', path) ?? false,
    Mutable: readBoolean(raw, 'Mutable', path) ?? true,
    Required: false,
  };
  return withConstraints(attribute, raw, path, undefined);
}

/**
 * Applies a CreateUserPool Schema entry for a standard attribute: Required, Mutable and the
 * constraints may change; the data type and developer-only flag may not. `sub` stays as it is.
 */
function parseStandardOverride(raw: JsonObject, path: string, name: string): SchemaAttributeType {
  const base = STANDARD_BY_NAME.get(name) as SchemaAttributeType;
  const type = raw.AttributeDataType;
  if (
    (type !== undefined && type !== null && type !== base.AttributeDataType) ||
    readBoolean(raw, 'DeveloperOnlyAttribute', path)
  ) {
    throw new InvalidParameterException(
      `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`,
    );
  }
  if (name === 'sub') return copy(base);
  const attribute: SchemaAttributeType = {
    Name: name,
    AttributeDataType: base.AttributeDataType,
    DeveloperOnlyAttribute: false,
    Mutable: readBoolean(raw, 'Mutable', path) ?? base.Mutable,
    Required: readBoolean(raw, 'Required', path) ?? base.Required,
  };
  return withConstraints(attribute, raw, path, base);
}

/** Cognito's answer when a schema would hold the same attribute twice. */
export function duplicateAttribute(name: string): CognateError {
  return new InvalidParameterException(`${name}: Existing attribute already has name ${name}.`);
}

function tooManyCustom(): CognateError {
  return new InvalidParameterException(
    `A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`,
  );
}

/** Number of custom attributes in a schema. */
export function countCustom(schema: readonly SchemaAttributeType[]): number {
  return schema.filter((a) => a.Name?.startsWith(CUSTOM_PREFIX)).length;
}

/**
 * Builds a new pool's full schema from CreateUserPool's `Schema` list: every standard attribute
 * (with any overrides), then the custom attributes in the order given.
 */
export function buildSchema(list: unknown[] | undefined): SchemaAttributeType[] {
  const standard = STANDARD_ATTRIBUTES.map(copy);
  const custom: SchemaAttributeType[] = [];
  const seen = new Set<string>();
  (list ?? []).forEach((raw, index) => {
    const path = `schema.${index + 1}.member`;
    if (!isObject(raw)) validationError(raw, path, 'Member must be a structure');
    const name = readString(raw, 'Name', path, { required: true }) as string;
    const parsed = isStandardAttribute(name)
      ? parseStandardOverride(raw, path, name)
      : parseCustomAttribute(raw, path);
    const key = parsed.Name as string;
    if (seen.has(key)) throw duplicateAttribute(key);
    seen.add(key);
    if (isStandardAttribute(key)) standard[standard.findIndex((a) => a.Name === key)] = parsed;
    else custom.push(parsed);
  });
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) throw tooManyCustom();
  return [...standard, ...custom];
}

/**
 * Appends AddCustomAttributes' definitions to a schema (which is not modified). Names already in
 * the schema are refused, as is going past the custom-attribute quota.
 */
export function appendCustomAttributes(
  schema: readonly SchemaAttributeType[],
  list: unknown[],
): SchemaAttributeType[] {
  const result = schema.map(copy);
  list.forEach((raw, index) => {
    const parsed = parseCustomAttribute(raw, `customAttributes.${index + 1}.member`);
    if (result.some((a) => a.Name === parsed.Name)) throw duplicateAttribute(parsed.Name as string);
    result.push(parsed);
  });
  if (countCustom(result) > MAX_CUSTOM_ATTRIBUTES) throw tooManyCustom();
  return result;
}

/**
 * The length limits a String attribute's values must meet. Cognito stores constraints only as
 * given; absent bounds mean 0 and the 2048-character value limit.
 */
export function effectiveStringConstraints(attribute: SchemaAttributeType): {
  min: number;
  max: number;
} {
  const c = attribute.StringAttributeConstraints ?? {};
  return {
    min: c.MinLength === undefined ? 0 : Number(c.MinLength),
    max: Math.min(
      c.MaxLength === undefined ? MAX_STRING_LENGTH : Number(c.MaxLength),
      MAX_STRING_LENGTH,
    ),
  };
}

/** The bounds a Number attribute's values must meet (undefined: unbounded on that side). */
export function effectiveNumberConstraints(attribute: SchemaAttributeType): {
  min?: number;
  max?: number;
} {
  const c = attribute.NumberAttributeConstraints ?? {};
  return {
    ...(c.MinValue !== undefined && { min: Number(c.MinValue) }),
    ...(c.MaxValue !== undefined && { max: Number(c.MaxValue) }),
  };
}
