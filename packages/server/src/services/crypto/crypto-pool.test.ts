import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { modPow, N, nextEphemeral, signRs256Input, srpSecret } from './crypto-pool.ts';

/** Square-and-multiply with bigints: slow, obviously right. */
function reference(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % N;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
    e >>= 1n;
  }
  return result;
}

const random = (bytes: number) => BigInt(`0x${crypto.randomBytes(bytes).toString('hex')}`) % N;

test('modPow agrees with plain bigint arithmetic, trivial bases and exponents included', async () => {
  const cases: [bigint, bigint][] = [
    [2n, random(32)],
    [random(384), random(32)],
    [random(384), 1n],
    [random(384), 0n],
    [0n, 5n],
    [1n, random(32)],
    [N - 1n, 3n],
    [N - 1n, 4n],
    [N + 5n, 7n],
  ];
  // All at once: they travel to the threads together and must come back to the right callers.
  const got = await Promise.all(cases.map(([b, e]) => modPow(b, e)));
  for (const [i, [b, e]] of cases.entries()) assert.equal(got[i], reference(b, e), `case ${i}`);
});

test('srpSecret is (A · v^u)^b mod N', async () => {
  for (let i = 0; i < 3; i++) {
    const [A, v, u, b] = [random(384), random(384), random(32), random(32)];
    assert.equal(await srpSecret(A, v, u, b), reference((A * reference(v, u)) % N, b));
  }
});

test('ephemerals are fresh 256-bit secrets with their g^b, never handed out twice', async () => {
  const taken = await Promise.all(Array.from({ length: 80 }, () => nextEphemeral()));
  assert.equal(new Set(taken.map((e) => e.b)).size, taken.length);
  for (const e of taken.slice(0, 5)) {
    assert.ok(e.b > 0n && e.b < 1n << 256n);
    assert.equal(e.gb, reference(2n, e.b));
  }
});

test('signRs256Input signs with the key given, verifiable with its public half', async () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0';
  const signature = await signRs256Input(privateKey, input);
  assert.ok(crypto.verify('RSA-SHA256', Buffer.from(input), publicKey, signature));
  assert.ok(!crypto.verify('RSA-SHA256', Buffer.from(`${input}x`), publicKey, signature));
});

test('a task the thread cannot do fails alone; the pool goes on', async () => {
  // A public key cannot sign: the thread throws for that task only.
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [bad, good] = await Promise.allSettled([signRs256Input(publicKey, 'x'), modPow(2n, 10n)]);
  assert.equal(bad.status, 'rejected');
  assert.match(String((bad as PromiseRejectedResult).reason), /crypto thread/);
  assert.deepEqual(good, { status: 'fulfilled', value: 1024n });
});

test('a burst far over the threads’ budget all comes back, each result to its caller', async () => {
  // 300 tasks at once: most wait in the pool's queue and go out as threads free up.
  const cases = Array.from({ length: 300 }, () => [random(384), random(32)] as const);
  const [got, pairs] = await Promise.all([
    Promise.all(cases.map(([b, e]) => modPow(b, e))),
    Promise.all(Array.from({ length: 40 }, () => nextEphemeral())),
  ]);
  for (const i of [0, 1, 150, 298, 299]) {
    assert.equal(got[i], reference(cases[i][0], cases[i][1]), `case ${i}`);
  }
  assert.equal(new Set(pairs.map((p) => p.b)).size, pairs.length);
  assert.equal(pairs[39].gb, reference(2n, pairs[39].b));
});
