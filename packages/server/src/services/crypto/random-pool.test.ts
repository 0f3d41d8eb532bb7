import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomPooled } from './random-pool.ts';

test('randomPooled: the sizes asked, never the same bytes twice, across refills', () => {
  const seen = new Set<string>();
  // 600 × 16 bytes spans two refills of the 4 KiB pool.
  for (let i = 0; i < 600; i++) {
    const b = randomPooled(16);
    assert.equal(b.length, 16);
    const hex = b.toString('hex');
    assert.ok(!seen.has(hex), 'a value came back twice');
    seen.add(hex);
  }
  assert.equal(randomPooled(0).length, 0);
  assert.equal(randomPooled(1000).length, 1000);
});

test('randomPooled: the bytes look uniform (each bit set about half the time)', () => {
  const counts = new Array(8).fill(0);
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const byte = randomPooled(1)[0];
    for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) counts[bit]++;
  }
  // 6 standard deviations of a fair coin over n tries.
  const limit = 6 * Math.sqrt(n / 4);
  for (const c of counts) assert.ok(Math.abs(c - n / 2) < limit, `bit count ${c} of ${n}`);
});
