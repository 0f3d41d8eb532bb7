// The lookup form of searchable attribute values (ListUsers filters), shared by the code that
// writes the search index (user_search) and the code that queries it.
import type { Attributes } from '../model/user.ts';

/**
 * Standard attributes ListUsers can filter on that live in the search index, one row per value.
 * Custom attributes (`custom:*`) are indexed too: see isSearchAttribute.
 */
export const SEARCH_ATTRIBUTES: readonly string[] = Object.freeze([
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
]);

/** The prefix of custom attribute names, which are indexed whatever their name. */
export const CUSTOM_PREFIX = 'custom:';

/** Longest attribute name the index holds: the `user_search.name` column's length. */
const NAME_LENGTH = 64;

/**
 * Whether the search index holds values of attribute `name`: the standard SEARCH_ATTRIBUTES and
 * every custom attribute (a Cognate extension: Cognito does not search custom attributes).
 */
export function isSearchAttribute(name: string): boolean {
  if (name.startsWith(CUSTOM_PREFIX)) {
    // Custom names are at most 20 characters after the prefix; the bound only guards the column.
    return name.length > CUSTOM_PREFIX.length && name.length <= NAME_LENGTH;
  }
  return SEARCH_ATTRIBUTES.includes(name);
}

/** Longest stored key, in characters (code points): the `user_search.value` column's length. */
export const SEARCH_KEY_LENGTH = 256;

const ASCII = /^[\x20-\x7e]*$/;

/**
 * Lower-cases one code point at a time. String#toLowerCase looks at context (a final Σ becomes
 * ς, a medial one σ), so a prefix and a longer value would fold differently and `^=` would miss.
 */
export function foldCase(value: string): string {
  if (ASCII.test(value)) return value.toLowerCase();
  let out = '';
  for (const ch of value) out += ch.toLowerCase();
  return out;
}

/**
 * The stored and searched form of a value: case-folded (Cognito's attribute searches ignore
 * case), without NUL (PostgreSQL text cannot hold it) and cut to 256 code points. Cutting and
 * dropping NUL keep every true match among the candidates (equal values have equal keys, a value
 * starting with a prefix has a key starting with the prefix's key, or equal to it once cut);
 * callers re-check candidates against the full attribute.
 */
export function searchKey(value: string): string {
  let key = foldCase(value);
  if (key.includes('\0')) key = key.replaceAll('\0', '');
  // Fewer UTF-16 units than the limit means fewer code points too: the common case skips the split.
  if (key.length <= SEARCH_KEY_LENGTH) return key;
  return Array.from(key).slice(0, SEARCH_KEY_LENGTH).join('');
}

/** One row of the search index, without the pool and user. */
export interface SearchEntry {
  name: string;
  value: string;
}

/**
 * The index entries of a user's attributes: the standard ones in SEARCH_ATTRIBUTES order, then
 * the custom ones in name order.
 */
export function searchEntries(attributes: Attributes): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const name of SEARCH_ATTRIBUTES) {
    const value = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
    if (typeof value === 'string') out.push({ name, value: searchKey(value) });
  }
  const custom = Object.keys(attributes)
    .filter((name) => name.startsWith(CUSTOM_PREFIX) && isSearchAttribute(name))
    .sort();
  for (const name of custom) {
    const value = attributes[name];
    if (typeof value === 'string') out.push({ name, value: searchKey(value) });
  }
  return out;
}
