// Cognito's validation messages: one violated constraint, and the InvalidParameterException that\nreports one or several.
import { InvalidParameterException } from '../errors.ts';

/** A JSON object from the wire. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as Cognito (Java) prints it: lists as `[a, b]`. */
function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (isObject(value)) return JSON.stringify(value);
  return String(value);
}

/** One violated constraint: "Value 'x' at 'path' failed to satisfy constraint: Member must …". */
export function violation(
  value: unknown,
  path: string,
  constraint: string,
  sensitive = false,
): string {
  const shown =
    value === undefined || value === null ? 'null' : sensitive ? '' : `'${render(value)}'`;
  return `Value ${shown}${shown ? ' ' : ''}at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** "N validation error(s) detected: a; b" for one or more violations. */
export function validationMessage(violations: readonly string[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

/** Throws InvalidParameterException for the violations, if there are any. */
export function throwViolations(violations: readonly string[]): void {
  if (violations.length > 0) throw new InvalidParameterException(validationMessage(violations));
}

/** Throws Cognito's model-validation error for one constraint of `value` at `path`. */
export function validationError(
  value: unknown,
  path: string,
  constraint: string,
  sensitive = false,
): never {
  throw new InvalidParameterException(
    validationMessage([violation(value, path, constraint, sensitive)]),
  );
}

/** Throws for a member of the wrong JSON type. */
export function wrongType(path: string, expected: string): never {
  throw new InvalidParameterException(`Invalid type for ${path}: expected ${expected}.`);
}

/** The wire path of member `key` under `prefix` ('Policies' → 'policies'). */
export function memberPath(prefix: string, key: string): string {
  const name = key.charAt(0).toLowerCase() + key.slice(1);
  return prefix ? `${prefix}.${name}` : name;
}

const compiled = new Map<string, RegExp>();

/** Compiles a Smithy (Java) pattern so it must match the whole value, as Java's matches() does. */
export function wholePattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}
