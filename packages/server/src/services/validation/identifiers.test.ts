import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmail, isPhoneNumber } from './identifiers.ts';

test('phone numbers: E.164, a plus and up to 15 digits, no leading zero', () => {
  for (const ok of ['+14325551212', '+447700900003', '+12', '+123456789012345']) {
    assert.ok(isPhoneNumber(ok), ok);
  }
  for (const bad of [
    '14325551212',
    '+1 432 555 1212',
    '+1-432-5551212',
    '+1(432)5551212',
    '+0123',
    '+1234567890123456',
    '+',
    '+1',
    '',
    '+1432555121a',
    '+14325551212\n',
  ]) {
    assert.ok(!isPhoneNumber(bad), bad);
  }
});

test('email: one @ with something on each side and no whitespace', () => {
  for (const ok of ['a@b', 'alice@example.com', 'test+tag@test.com', 'ü@例え.jp']) {
    assert.ok(isEmail(ok), ok);
  }
  for (const bad of ['', 'alice', '@example.com', 'alice@', 'a@b@c', 'a b@c', 'a@b\n']) {
    assert.ok(!isEmail(bad), bad);
  }
});
