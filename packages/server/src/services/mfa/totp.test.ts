import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { matchTotp, newTotpSecret, stepOf } from './totp.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", codes cut to six digits.
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('RFC 6238 test vectors match, at their own step', async () => {
  assert.equal(await matchTotp(SEED, '287082', 59_000), stepOf(59_000));
  assert.equal(await matchTotp(SEED, '081804', 1_111_111_109_000), stepOf(1_111_111_109_000));
  assert.equal(await matchTotp(SEED, '050471', 1_111_111_111_000), stepOf(1_111_111_111_000));
});

test('one step of skew either way, no more', async () => {
  const at = 1_111_111_109_000; // code 081804 belongs to this step
  assert.equal(await matchTotp(SEED, '081804', at + 30_000), stepOf(at));
  assert.equal(await matchTotp(SEED, '081804', at - 30_000), stepOf(at));
  assert.equal(await matchTotp(SEED, '081804', at + 60_000), undefined);
  assert.equal(await matchTotp(SEED, '081804', at - 60_000), undefined);
});

test('anything but six digits never matches', async () => {
  for (const code of ['', '28708', '2870820', '28708a', ' 287082']) {
    assert.equal(await matchTotp(SEED, code, 59_000), undefined, code);
  }
});

test('new secrets are 32 random bytes in base32, 52 characters', async () => {
  const a = await newTotpSecret(randomBytes);
  const b = await newTotpSecret(randomBytes);
  assert.match(a, /^[A-Z2-7]{52}$/);
  assert.notEqual(a, b);
});
