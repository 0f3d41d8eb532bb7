import type { Attributes } from '../../model/user.ts';
import { type CognateError, InvalidParameterException } from '../../services/errors.ts';
import { attributesFromWire } from '../../services/users/index.ts';

type Input = Record<string, unknown>;

/** Cognito's lower-camel member name in validation messages ("userPoolId"). */
function member(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

function invalid(field: string, value: unknown, constraint: string): CognateError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value).slice(0, 64)}'`;
  return new InvalidParameterException(
    `1 validation error detected: Value ${shown} at '${member(field)}' failed to satisfy constraint: ${constraint}`,
  );
}

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

/** A required string member, checked against Cognito's length and pattern constraints. */
export function str(input: Input, field: string, rule: StringRule = {}): string {
  const value = input[field];
  if (value === undefined || value === null) throw invalid(field, value, 'Member must not be null');
  return checkString(field, value, rule);
}

/** An optional string member. */
export function optStr(input: Input, field: string, rule: StringRule = {}): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  return checkString(field, value, rule);
}

function checkString(field: string, value: unknown, rule: StringRule): string {
  if (typeof value !== 'string') {
    throw new InvalidParameterException(
      `Invalid type for ${member(field)}: expected a string, got ${Array.isArray(value) ? 'array' : typeof value}.`,
    );
  }
  const min = rule.min ?? 1;
  if (value.length < min) {
    throw invalid(field, value, `Member must have length greater than or equal to ${min}`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw invalid(field, '***', `Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw invalid(
      field,
      value,
      `Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  }
  return value;
}

/** An optional boolean member. */
export function optBool(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new InvalidParameterException(`Invalid type for ${member(field)}: expected a boolean.`);
  }
  return value;
}

/**
 * An optional integer member within `[min, max]` (Cognito's Integer members are 32-bit), with
 * Cognito's "Member must have value …" messages.
 */
export function optInt(
  input: Input,
  field: string,
  rule: { min?: number; max?: number } = {},
): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidParameterException(`Invalid type for ${member(field)}: expected an integer.`);
  }
  const min = rule.min ?? -2147483648;
  const max = rule.max ?? 2147483647;
  if (value < min)
    throw invalid(field, value, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw invalid(field, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/**
 * An optional string → string map member (AuthParameters, ChallengeResponses, ClientMetadata).
 * A null value counts as absent: amazon-cognito-identity-js sends `DEVICE_KEY: null` on refresh
 * in browsers (localStorage answers null for a missing key), and Cognito accepts it.
 */
export function strMap(input: Input, field: string): Record<string, string> {
  const value = input[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidParameterException(`Invalid type for ${member(field)}: expected a map.`);
  }
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    if (typeof v !== 'string') {
      throw new InvalidParameterException(
        `Invalid type for ${member(field)}.${k}: expected a string.`,
      );
    }
    if (v.length > 131072)
      throw invalid(`${field}.${k}`, '***', 'Member must have length less than or equal to 131072');
    out[k] = v;
  }
  return out;
}

/** An optional list of strings. */
export function strList(input: Input, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new InvalidParameterException(
      `Invalid type for ${member(field)}: expected a list of strings.`,
    );
  }
  return value as string[];
}

/** An optional attribute list ([{Name, Value}]) as a map. */
export function attrs(input: Input, field: string): Attributes {
  const value = input[field];
  if (value === undefined || value === null) return {};
  return attributesFromWire(value, member(field));
}

// Constraints from the Cognito API reference, shared by many operations.
export const USER_POOL_ID = { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/ };
export const CLIENT_ID = { max: 128, pattern: /^[\w+]+$/ };
export const USERNAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
export const PASSWORD = { max: 256 };
export const CODE = { max: 2048, pattern: /^[\S]+$/ };
export const TOKEN = { max: 131072, pattern: /^[A-Za-z0-9-_=.]+$/ };
export const SECRET_HASH = { max: 128, pattern: /^[\w+=/]+$/ };
export const GROUP_NAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
export const DESCRIPTION = { min: 0, max: 2048 };
export const ROLE_ARN = {
  min: 20,
  max: 2048,
  pattern:
    /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/,
};
export const NEXT_TOKEN = { max: 131072, pattern: /^[\S]+$/ };
