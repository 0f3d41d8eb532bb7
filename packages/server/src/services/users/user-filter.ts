// The ListUsers `Filter` grammar: `AttributeName Filter-Type "AttributeValue"`.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
import { InvalidParameterException } from '../errors.ts';

/**
 * The attributes Cognito searches (wire names, never change them). `cognito:user_status` is the
 * UserStatus (case-insensitive); `status` is `Enabled` / `Disabled` (case-sensitive). Cognito
 * does not search custom attributes; Cognate does (see CustomFilterAttribute).
 */
export const FILTER_ATTRIBUTES = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;

/**
 * A custom attribute, `custom:<name>`: a Cognate extension. Cognito answers
 * InvalidParameterException "Invalid search attribute: custom:<name>"; Cognate searches the
 * pool's custom attributes like the standard ones (`=` and `^=`, ignoring case).
 */
export type CustomFilterAttribute = `custom:${string}`;

/** One of FILTER_ATTRIBUTES, or a custom attribute. */
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number] | CustomFilterAttribute;

/** A parsed filter: `=` is an exact match, `^=` a prefix ("starts with") match. */
export interface UserFilter {
  attribute: FilterAttribute;
  op: '=' | '^=';
  /** The value with its escapes resolved. */
  value: string;
}

// Cognito's messages: the first seen in real responses to a malformed filter; the second as
// reported for a custom attribute (not Cognito-verified beyond that).
const PARSE_ERROR = 'Error while parsing filter.';
const badAttribute = (name: string) => `Invalid search attribute: ${name}`;

const CUSTOM_PREFIX = 'custom:';
// Cognito's bound on a custom attribute's name, after the prefix.
const CUSTOM_NAME_MAX = 20;

/** Whether `name` is spelled as a custom attribute (`custom:` and 1 to 20 characters). */
export function isCustomFilterAttribute(name: string): name is CustomFilterAttribute {
  if (!name.startsWith(CUSTOM_PREFIX)) return false;
  const length = Array.from(name.slice(CUSTOM_PREFIX.length)).length;
  return length >= 1 && length <= CUSTOM_NAME_MAX;
}

const WHITESPACE = /\s/;

/**
 * Parses a ListUsers filter; an empty (or all-blank) filter is `undefined`, meaning every user.
 * Whitespace is optional around the operator (`email^="a"` and `email ^= "a"` are the same).
 * Inside the quotes, `\"` stands for a quote and `\\` for a backslash; any other backslash is
 * kept as written. Throws InvalidParameterException "Error while parsing filter." for anything
 * else, and "Invalid search attribute: <name>" for a well-formed filter on another attribute.
 * A `custom:<name>` attribute is accepted here; whether the pool has it is checkFilterAttribute's
 * question. (A custom name holding `=`, `^`, `"` or a blank cannot be written in a filter.)
 *
 * @example parseUserFilter('family_name = "Reddy"') // { attribute: 'family_name', op: '=', value: 'Reddy' }
 */
export function parseUserFilter(text: string): UserFilter | undefined {
  let i = 0;
  const skipBlank = () => {
    while (i < text.length && WHITESPACE.test(text[i])) i++;
  };
  skipBlank();
  if (i === text.length) return undefined;

  const nameStart = i;
  while (i < text.length && !WHITESPACE.test(text[i]) && !'=^"'.includes(text[i])) i++;
  const name = text.slice(nameStart, i);
  skipBlank();

  let op: UserFilter['op'];
  if (text.startsWith('^=', i)) op = '^=';
  else if (text[i] === '=') op = '=';
  else throw new InvalidParameterException(PARSE_ERROR);
  i += op.length;
  skipBlank();

  if (text[i] !== '"') throw new InvalidParameterException(PARSE_ERROR);
  i++;
  let value = '';
  for (;;) {
    if (i >= text.length) throw new InvalidParameterException(PARSE_ERROR);
    const ch = text[i];
    if (ch === '"') break;
    if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  i++;
  skipBlank();
  if (name === '' || i !== text.length) throw new InvalidParameterException(PARSE_ERROR);
  if (!(FILTER_ATTRIBUTES as readonly string[]).includes(name) && !isCustomFilterAttribute(name)) {
    throw new InvalidParameterException(badAttribute(name));
  }
  return { attribute: name as FilterAttribute, op, value };
}

/**
 * Refuses a filter on a custom attribute the pool does not define, as Cognito refuses any custom
 * attribute: InvalidParameterException "Invalid search attribute: <name>".
 *
 * @param attributeNames the pool's schema attribute names
 */
export function checkFilterAttribute(
  filter: UserFilter | undefined,
  attributeNames: Iterable<string>,
): void {
  if (!filter || !isCustomFilterAttribute(filter.attribute)) return;
  for (const name of attributeNames) if (name === filter.attribute) return;
  throw new InvalidParameterException(badAttribute(filter.attribute));
}

/** The filter in one canonical spelling, so equivalent filters share pagination tokens. */
export function canonicalFilter(filter: UserFilter | undefined): string {
  return filter ? `${filter.attribute} ${filter.op} ${JSON.stringify(filter.value)}` : '';
}
