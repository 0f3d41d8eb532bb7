import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  foldCase,
  isSearchAttribute,
  SEARCH_KEY_LENGTH,
  searchEntries,
  searchKey,
} from './search-keys.ts';

test('keys are case-folded one code point at a time', () => {
  assert.equal(searchKey('Alice@Example.COM'), 'alice@example.com');
  // A final capital sigma folds like a medial one, so a prefix folds like the longer value.
  assert.equal(foldCase('ΟΔΟΣ'), 'οδοσ');
  assert.ok(foldCase('ΟΔΟΣΑ').startsWith(foldCase('ΟΔΟΣ')));
  assert.equal(foldCase('İ'), 'i̇');
});

test('keys are cut to 256 code points and lose NUL', () => {
  assert.equal(searchKey('a'.repeat(300)), 'a'.repeat(SEARCH_KEY_LENGTH));
  const astral = '🎉'.repeat(300);
  assert.equal(Array.from(searchKey(astral)).length, SEARCH_KEY_LENGTH);
  assert.equal(searchKey('İ'.repeat(200)), 'i̇'.repeat(128));
  assert.equal(searchKey('a\0b'), 'ab');
});

test('entries: the searchable attributes a user has, in a fixed order', () => {
  assert.deepEqual(
    searchEntries({
      sub: 'x',
      given_name: 'Jo',
      email: 'Jo@Example.com',
      'custom:tier': 'gold',
      locale: 'en',
      family_name: '',
    }),
    [
      { name: 'email', value: 'jo@example.com' },
      { name: 'given_name', value: 'jo' },
      { name: 'family_name', value: '' },
      { name: 'custom:tier', value: 'gold' },
    ],
  );
});

test('custom attributes are indexed too, in name order, after the standard ones', () => {
  assert.deepEqual(
    searchEntries({ 'custom:zone': 'EU', 'custom:a': 'X', email: 'a@b', 'custom:': 'no' }),
    [
      { name: 'email', value: 'a@b' },
      { name: 'custom:a', value: 'x' },
      { name: 'custom:zone', value: 'eu' },
    ],
  );
  assert.equal(isSearchAttribute('custom:tier'), true);
  assert.equal(isSearchAttribute('custom:'), false);
  assert.equal(isSearchAttribute('locale'), false);
  assert.equal(isSearchAttribute('email'), true);
});
