import { InvalidParameterException } from '../errors.ts';

/**
 * Defensive readers for request members that arrive as parsed JSON. Each one checks the type and
 * the Smithy model's constraint (length, range, pattern, enum) and throws InvalidParameterException
 * in the wording of Cognito's model validation:
 * "1 validation error detected: Value 'x' at 'poolName' failed to satisfy constraint: ...".
 * Paths use the member names with the first letter lower-cased, as Cognito reports them
 * (e.g. 'policies.passwordPolicy.minimumLength', 'schema.1.member.name').
 */

/** A JSON object from the wire. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (isObject(value)) return JSON.stringify(value);
  return String(value);
}

/** Throws Cognito's model-validation error for `value` at `path`. */
export function validationError(value: unknown, path: string, constraint: string): never {
  const shown = value === undefined || value === null ? 'null' : `'${render(value)}'`;
  throw new InvalidParameterException(
    `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`,
  );
}

/** The wire path of member `key` under `prefix` ('Policies' -> 'policies'). */
export function memberPath(prefix: string, key: string): string {
  const name = key.charAt(0).toLowerCase() + key.slice(1);
  return prefix ? `${prefix}.${name}` : name;
}

/** Compiles a Smithy (Java) pattern so it must match the whole value, as Java's matches() does. */
export function wholePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Length and pattern rules of a Smithy string shape. */
export interface StringRules {
  min?: number;
  max?: number;
  /** The pattern exactly as the model writes it (it is quoted in the error message). */
  pattern?: string;
  required?: boolean;
}

/** Checks an already-read value against a string shape. */
export function checkString(value: unknown, path: string, rules: StringRules = {}): string {
  if (typeof value !== 'string') validationError(value, path, 'Member must be a string');
  // Cognito counts UTF-16 code units like Java's String.length().
  if (rules.min !== undefined && value.length < rules.min) {
    validationError(value, path, `Member must have length greater than or equal to ${rules.min}`);
  }
  if (rules.max !== undefined && value.length > rules.max) {
    validationError(value, path, `Member must have length less than or equal to ${rules.max}`);
  }
  if (rules.pattern !== undefined && !wholePattern(rules.pattern).test(value)) {
    validationError(
      value,
      path,
      `Member must satisfy regular expression pattern: ${rules.pattern}`,
    );
  }
  return value;
}

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Reads an optional string member (null counts as absent). */
export function readString(
  parent: JsonObject,
  key: string,
  prefix: string,
  rules: StringRules = {},
): string | undefined {
  const value = parent[key];
  const path = memberPath(prefix, key);
  if (absent(value)) {
    if (rules.required) validationError(value, path, 'Member must not be null');
    return undefined;
  }
  return checkString(value, path, rules);
}

/** Reads an optional boolean member. */
export function readBoolean(parent: JsonObject, key: string, prefix: string): boolean | undefined {
  const value = parent[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') {
    validationError(value, memberPath(prefix, key), 'Member must be a boolean');
  }
  return value;
}

/** Reads an optional integer member within the model's range. */
export function readInteger(
  parent: JsonObject,
  key: string,
  prefix: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const value = parent[key];
  const path = memberPath(prefix, key);
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    validationError(value, path, 'Member must be an integer');
  }
  if (range.min !== undefined && value < range.min) {
    validationError(value, path, `Member must have value greater than or equal to ${range.min}`);
  }
  if (range.max !== undefined && value > range.max) {
    validationError(value, path, `Member must have value less than or equal to ${range.max}`);
  }
  return value;
}

/** Checks an already-read value against an enum shape. */
export function checkEnum<T extends string>(value: unknown, path: string, values: readonly T[]): T {
  if (typeof value !== 'string' || !values.includes(value as T)) {
    validationError(value, path, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
}

/** Reads an optional enum member. */
export function readEnum<T extends string>(
  parent: JsonObject,
  key: string,
  prefix: string,
  values: readonly T[],
): T | undefined {
  const value = parent[key];
  if (absent(value)) return undefined;
  return checkEnum(value, memberPath(prefix, key), values);
}

/** Reads an optional structure member. */
export function readObject(
  parent: JsonObject,
  key: string,
  prefix: string,
): JsonObject | undefined {
  const value = parent[key];
  if (absent(value)) return undefined;
  if (!isObject(value))
    validationError(value, memberPath(prefix, key), 'Member must be a structure');
  return value;
}

/** Reads an optional list member, checking its length. */
export function readList(
  parent: JsonObject,
  key: string,
  prefix: string,
  size: { min?: number; max?: number } = {},
): unknown[] | undefined {
  const value = parent[key];
  const path = memberPath(prefix, key);
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) validationError(value, path, 'Member must be a list');
  if (size.min !== undefined && value.length < size.min) {
    validationError(value, path, `Member must have length greater than or equal to ${size.min}`);
  }
  if (size.max !== undefined && value.length > size.max) {
    validationError(value, path, `Member must have length less than or equal to ${size.max}`);
  }
  return value;
}

/** Reads an optional list of strings, each checked against `rules`; duplicates are dropped. */
export function readStringList(
  parent: JsonObject,
  key: string,
  prefix: string,
  rules: StringRules & { maxItems?: number; minItems?: number } = {},
): string[] | undefined {
  const list = readList(parent, key, prefix, { min: rules.minItems, max: rules.maxItems });
  if (!list) return undefined;
  const path = memberPath(prefix, key);
  for (const item of list) {
    if (typeof item !== 'string') {
      validationError(list, path, 'Member must satisfy constraint: [Member must be a string]');
    }
    try {
      checkString(item, path, rules);
    } catch {
      const inner = describeStringRules(rules);
      validationError(list, path, `Member must satisfy constraint: [${inner}]`);
    }
  }
  return [...new Set(list as string[])];
}

function describeStringRules(rules: StringRules): string {
  const parts: string[] = [];
  if (rules.max !== undefined)
    parts.push(`Member must have length less than or equal to ${rules.max}`);
  if (rules.min !== undefined) {
    parts.push(`Member must have length greater than or equal to ${rules.min}`);
  }
  if (rules.pattern !== undefined) {
    parts.push(`Member must satisfy regular expression pattern: ${rules.pattern}`);
  }
  return parts.join(', ');
}

/** Reads an optional list of enum values; duplicates are dropped, order kept. */
export function readEnumList<T extends string>(
  parent: JsonObject,
  key: string,
  prefix: string,
  values: readonly T[],
  size: { min?: number; max?: number } = {},
): T[] | undefined {
  const list = readList(parent, key, prefix, size);
  if (!list) return undefined;
  for (const item of list) {
    if (typeof item !== 'string' || !values.includes(item as T)) {
      validationError(
        list,
        memberPath(prefix, key),
        `Member must satisfy constraint: [Member must satisfy enum value set: [${values.join(', ')}]]`,
      );
    }
  }
  return [...new Set(list as T[])];
}

/** Drops undefined members so stored JSON and responses only carry what is set. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
