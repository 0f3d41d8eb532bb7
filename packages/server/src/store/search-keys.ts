// The lookup form of searchable attribute values (ListUsers filters), shared by the code that
// writes the search index (user_search) and the code that queries it.
import type { Attributes } from '../model/user.ts';

/** Attributes ListUsers can filter on that live in the search index, one row per value. */
export const SEARCH_ATTRIBUTES: readonly string[] = Object.freeze([
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
]);

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

/** The index entries of a user's attributes, in SEARCH_ATTRIBUTES order. */
export function searchEntries(attributes: Attributes): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const name of SEARCH_ATTRIBUTES) {
    const value = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
    if (typeof value === 'string') out.push({ name, value: searchKey(value) });
  }
  return out;
}
