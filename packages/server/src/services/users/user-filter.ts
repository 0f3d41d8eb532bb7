// The ListUsers `Filter` grammar: `AttributeName Filter-Type "AttributeValue"`.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
import { InvalidParameterException } from '../errors.ts';

/**
 * The attributes Cognito searches (wire names, never change them). `cognito:user_status` is the
 * UserStatus (case-insensitive); `status` is `Enabled` / `Disabled` (case-sensitive). Custom
 * attributes are not searchable.
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

/** One of FILTER_ATTRIBUTES. */
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

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

const WHITESPACE = /\s/;

/**
 * Parses a ListUsers filter; an empty (or all-blank) filter is `undefined`, meaning every user.
 * Whitespace is optional around the operator (`email^="a"` and `email ^= "a"` are the same).
 * Inside the quotes, `\"` stands for a quote and `\\` for a backslash; any other backslash is
 * kept as written. Throws InvalidParameterException "Error while parsing filter." for anything
 * else, and "Invalid search attribute: <name>" for a well-formed filter on another attribute.
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
  if (!(FILTER_ATTRIBUTES as readonly string[]).includes(name)) {
    throw new InvalidParameterException(badAttribute(name));
  }
  return { attribute: name as FilterAttribute, op, value };
}

/** The filter in one canonical spelling, so equivalent filters share pagination tokens. */
export function canonicalFilter(filter: UserFilter | undefined): string {
  return filter ? `${filter.attribute} ${filter.op} ${JSON.stringify(filter.value)}` : '';
}
