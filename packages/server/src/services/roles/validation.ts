import { MalformedPolicyDocument, ValidationError } from '../errors.ts';

// IAM's parameter constraints, with its "1 validation error detected" wording, so scripts written
// against IAM see the same refusals.

/** Role and policy names: IAM's `[\w+=,.@-]+`. */
const NAME = /^[\w+=,.@-]+$/;
/** A path: `/` alone or `/…/` of printable ASCII. */
const PATH = /^(\/|\/[\u0021-\u007e]+\/)$/;

function invalid(value: string | undefined, member: string, constraint: string): never {
  const shown = value === undefined ? 'null' : `'${value}'`;
  throw new ValidationError(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** A required name parameter (RoleName, PolicyName) within `max` characters. */
export function checkName(value: string | undefined, member: string, max: number): string {
  if (value === undefined) invalid(value, member, 'Member must not be null');
  if (value.length < 1 || value.length > max)
    invalid(value, member, `Member must have length less than or equal to ${max}`);
  if (!NAME.test(value))
    invalid(value, member, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return value;
}

/** An optional path parameter; `/` by default. */
export function checkPath(value: string | undefined, member: string): string {
  if (value === undefined) return '/';
  if (value.length > 512)
    invalid(value, member, 'Member must have length less than or equal to 512');
  if (!PATH.test(value))
    invalid(
      value,
      member,
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)',
    );
  return value;
}

/** MaxSessionDuration: 3600 to 43200 seconds, 3600 by default. */
export function checkMaxSessionDuration(value: string | undefined): number {
  if (value === undefined) return 3600;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 3600 || n > 43200)
    invalid(value, 'maxSessionDuration', 'Member must have value between 3600 and 43200');
  return n;
}

/** Description: at most 1000 characters. */
export function checkDescription(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 1000)
    invalid(value, 'description', 'Member must have length less than or equal to 1000');
  return value;
}

/** MaxItems: 1 to 1000, 100 by default. */
export function checkMaxItems(value: string | undefined): number {
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    invalid(value, 'maxItems', 'Member must have value greater than or equal to 1');
  return n;
}

/**
 * A policy document (trust or permissions): JSON, an object, a known Version when given, and
 * statements with an Effect of Allow or Deny. Returns it as given (IAM keeps the text).
 */
export function checkPolicyDocument(value: string | undefined, member: string): string {
  if (value === undefined) invalid(value, member, 'Member must not be null');
  if (value.length > 131072)
    invalid(value, member, 'Member must have length less than or equal to 131072');
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    throw new MalformedPolicyDocument('This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new MalformedPolicyDocument('This policy contains invalid Json');
  const { Version, Statement } = doc as { Version?: unknown; Statement?: unknown };
  if (Version !== undefined && Version !== '2012-10-17' && Version !== '2008-10-17')
    throw new MalformedPolicyDocument('The policy must contain a valid version string');
  if (Statement === undefined) throw new MalformedPolicyDocument('Syntax errors in policy.');
  const statements = Array.isArray(Statement) ? Statement : [Statement];
  for (const s of statements) {
    if (!s || typeof s !== 'object' || Array.isArray(s))
      throw new MalformedPolicyDocument('Syntax errors in policy.');
    const { Effect } = s as { Effect?: unknown };
    if (Effect !== 'Allow' && Effect !== 'Deny')
      throw new MalformedPolicyDocument('Policy statement must contain a valid Effect');
  }
  return value;
}
