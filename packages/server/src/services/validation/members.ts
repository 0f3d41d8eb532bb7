import {
  isObject,
  type JsonObject,
  memberPath,
  throwViolations,
  validationError,
  violation,
  wholePattern,
  wrongType,
} from './messages.ts';

/**
 * Readers for request members that arrive as parsed JSON, used by the operation edge and by the
 * pool and client settings parsers alike. Each checks a member's JSON type and its Smithy
 * constraints (length, range, pattern, enum) and throws InvalidParameterException in the words
 * of Cognito's model validation:
 *
 *   1 validation error detected: Value 'x' at 'poolName' failed to satisfy constraint: Member must …
 *   2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must
 *   have length greater than or equal to 1; Value at 'username' failed to satisfy constraint: …
 *
 * Paths are member names with the first letter lower-cased ('policies.passwordPolicy.minimumLength',
 * 'schema.1.member.name'). A member Cognito's model marks sensitive (a username, a password, a
 * token) is reported without its value ("Value at 'username'"); an absent one as "Value null".
 * Every violated constraint of a member is reported, as Cognito does; the first faulty member
 * ends the check. A wrong JSON type (Cognito answers SerializationException) is
 * InvalidParameterException "Invalid type for <path>: expected <type>.".
 */

/** Length and pattern rules of a Smithy string shape. */
export interface StringRules {
  min?: number;
  max?: number;
  /** The pattern exactly as the model writes it (it is quoted in the error message). */
  pattern?: string;
  required?: boolean;
  /** The shape is sensitive: its value never appears in a message. */
  sensitive?: boolean;
}

/** The constraints of `rules` that `value` violates, in Cognito's order and words. */
export function stringViolations(value: string, path: string, rules: StringRules): string[] {
  const out: string[] = [];
  const fail = (constraint: string) =>
    out.push(violation(value, path, constraint, rules.sensitive));
  // Cognito counts UTF-16 code units like Java's String.length().
  if (rules.min !== undefined && value.length < rules.min) {
    fail(`Member must have length greater than or equal to ${rules.min}`);
  }
  if (rules.max !== undefined && value.length > rules.max) {
    fail(`Member must have length less than or equal to ${rules.max}`);
  }
  if (rules.pattern !== undefined && !wholePattern(rules.pattern).test(value)) {
    fail(`Member must satisfy regular expression pattern: ${rules.pattern}`);
  }
  return out;
}

/** Checks an already-read value against a string shape. */
export function checkString(value: unknown, path: string, rules: StringRules = {}): string {
  if (typeof value !== 'string') wrongType(path, 'a string');
  throwViolations(stringViolations(value, path, rules));
  return value;
}

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Reads member `key` of `parent`, or refuses it absent when `rules.required`. */
interface Reader<R, T> {
  (parent: JsonObject, key: string, prefix: string, rules: R & { required: true }): T;
  (parent: JsonObject, key: string, prefix: string, rules?: R): T | undefined;
}

/** A reader of members checked by `check`; null counts as absent. */
function reader<R extends { required?: boolean }, T>(
  check: (value: unknown, path: string, rules: R) => T,
): Reader<R, T> {
  return ((parent: JsonObject, key: string, prefix: string, rules = {} as R) => {
    const value = parent[key];
    const path = memberPath(prefix, key);
    if (absent(value)) {
      if (rules.required) validationError(value, path, 'Member must not be null');
      return undefined;
    }
    return check(value, path, rules);
  }) as Reader<R, T>;
}

/** Reads a string member. */
export const readString = reader<StringRules, string>(checkString);

/** Reads an optional boolean member. */
export function readBoolean(parent: JsonObject, key: string, prefix: string): boolean | undefined {
  const value = parent[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') wrongType(memberPath(prefix, key), 'a boolean');
  return value;
}

/** Range rules of a Smithy integer shape (Cognito's Integer members are 32-bit). */
export interface IntegerRules {
  min?: number;
  max?: number;
  required?: boolean;
  /**
   * Cognito names both bounds in one constraint for this member ("Member must have value less
   * than or equal to 60 and greater than or equal to 1", ListUserPools' MaxResults).
   */
  joint?: boolean;
}

/** Checks an already-read value against an integer shape. */
export function checkInteger(value: unknown, path: string, rules: IntegerRules = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) wrongType(path, 'an integer');
  const min = rules.min ?? -2147483648;
  const max = rules.max ?? 2147483647;
  if (rules.joint && (value < min || value > max)) {
    validationError(
      value,
      path,
      `Member must have value less than or equal to ${max} and greater than or equal to ${min}`,
    );
  }
  if (value < min) {
    validationError(value, path, `Member must have value greater than or equal to ${min}`);
  }
  if (value > max) {
    validationError(value, path, `Member must have value less than or equal to ${max}`);
  }
  return value;
}

/** Reads an integer member within the model's range. */
export const readInteger = reader<IntegerRules, number>(checkInteger);

/** The enum constraint, as Cognito words it. */
const enumConstraint = (values: readonly string[]) =>
  `Member must satisfy enum value set: [${values.join(', ')}]`;

/** Checks an already-read value against an enum shape. */
export function checkEnum<T extends string>(value: unknown, path: string, values: readonly T[]): T {
  if (typeof value !== 'string' || !values.includes(value as T)) {
    validationError(value, path, enumConstraint(values));
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

/** Reads a structure member (absent is refused when `required`). */
export function readObject(
  parent: JsonObject,
  key: string,
  prefix: string,
  required = false,
): JsonObject | undefined {
  const value = parent[key];
  const path = memberPath(prefix, key);
  if (absent(value)) {
    if (required) validationError(value, path, 'Member must not be null');
    return undefined;
  }
  if (!isObject(value)) wrongType(path, 'a structure');
  return value;
}

/** Length rules of a Smithy list shape. */
export interface ListRules {
  min?: number;
  max?: number;
  required?: boolean;
}

/** Checks an already-read value against a list shape's length. */
export function checkList(value: unknown, path: string, rules: ListRules = {}): unknown[] {
  if (!Array.isArray(value)) wrongType(path, 'a list');
  if (rules.min !== undefined && value.length < rules.min) {
    validationError(value, path, `Member must have length greater than or equal to ${rules.min}`);
  }
  if (rules.max !== undefined && value.length > rules.max) {
    validationError(value, path, `Member must have length less than or equal to ${rules.max}`);
  }
  return value;
}

/** Reads a list member, checking its length. */
export const readList = reader<ListRules, unknown[]>(checkList);

/** A list's rules: its own length and the string shape of its items. */
export type StringListRules = StringRules & {
  minItems?: number;
  maxItems?: number;
  /** Keep repeated items (Cognito drops them in settings; a request list keeps them). */
  keepDuplicates?: boolean;
};

/**
 * Reads a list of strings, each checked against `rules`; duplicates are dropped unless
 * `keepDuplicates`. An item that breaks a rule is reported at the list, as Cognito does:
 * "Value '[a, b]' at 'x' failed to satisfy constraint: Member must satisfy constraint: [Member
 * must have length less than or equal to 32, …]".
 */
export function readStringList(
  parent: JsonObject,
  key: string,
  prefix: string,
  rules: StringListRules = {},
): string[] | undefined {
  const list = readList(parent, key, prefix, {
    min: rules.minItems,
    max: rules.maxItems,
    required: rules.required,
  });
  if (!list) return undefined;
  const path = memberPath(prefix, key);
  for (const item of list) {
    if (typeof item !== 'string') wrongType(path, 'a list of strings');
    if (stringViolations(item, path, rules).length > 0) {
      const inner = describeStringRules(rules);
      validationError(list, path, `Member must satisfy constraint: [${inner}]`, rules.sensitive);
    }
  }
  return rules.keepDuplicates ? (list as string[]) : [...new Set(list as string[])];
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
        `Member must satisfy constraint: [${enumConstraint(values)}]`,
      );
    }
  }
  return [...new Set(list as T[])];
}

/** Longest value of a string map entry (Cognito's StringType). */
const MAX_MAP_VALUE = 131072;

/**
 * Reads a string → string map member (AuthParameters, ChallengeResponses, ClientMetadata); absent
 * is empty. A null value counts as absent: amazon-cognito-identity-js sends `DEVICE_KEY: null` on
 * refresh in browsers (localStorage answers null for a missing key), and Cognito accepts it.
 * Values are never shown in a message: AuthParameters and ChallengeResponses are sensitive.
 */
export function readStringMap(
  parent: JsonObject,
  key: string,
  prefix: string,
): Record<string, string> {
  const value = parent[key];
  const path = memberPath(prefix, key);
  if (absent(value)) return {};
  if (!isObject(value)) wrongType(path, 'a map');
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    if (typeof v !== 'string') wrongType(`${path}.${k}`, 'a string');
    if (v.length > MAX_MAP_VALUE) {
      validationError(
        v,
        `${path}.${k}`,
        `Member must have length less than or equal to ${MAX_MAP_VALUE}`,
        true,
      );
    }
    out[k] = v;
  }
  return out;
}

// The top-level members of a request, as the operations read them: a string must have at least
// one character unless its rules say otherwise.

/** A required top-level string member. */
export function str(input: JsonObject, field: string, rules: StringRules = {}): string {
  return readString(input, field, '', { min: 1, ...rules, required: true });
}

/** An optional top-level string member. */
export function optStr(input: JsonObject, field: string, rules: StringRules = {}) {
  return readString(input, field, '', { min: 1, ...rules });
}

/** An optional top-level boolean member. */
export function optBool(input: JsonObject, field: string): boolean | undefined {
  return readBoolean(input, field, '');
}

/** An optional top-level integer member. */
export function optInt(input: JsonObject, field: string, rules: IntegerRules = {}) {
  return readInteger(input, field, '', rules);
}

/** A top-level string map member; absent is empty. */
export function strMap(input: JsonObject, field: string): Record<string, string> {
  return readStringMap(input, field, '');
}

/** A top-level list of strings, kept as sent. */
export function strList(
  input: JsonObject,
  field: string,
  rules: StringListRules & { required: true },
): string[];
export function strList(
  input: JsonObject,
  field: string,
  rules?: StringListRules,
): string[] | undefined;
export function strList(
  input: JsonObject,
  field: string,
  rules: StringListRules = {},
): string[] | undefined {
  return readStringList(input, field, '', { keepDuplicates: true, ...rules });
}

/** Drops undefined members so stored JSON and responses only carry what is set. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
