/**
 * Drives the real amazon-cognito-identity-js client (CognitoUser.authenticateUser with a stubbed
 * transport) against srp.ts, so any mismatch in padding, hashing or formatting fails here.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { mock, test } from 'node:test';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { SrpVerifier } from '../../model/user.ts';
import {
  createChallenge,
  createVerifier,
  formatTimestamp,
  isValidClientPublic,
  type PasswordClaim,
  passwordMatchesVerifier,
  type SrpChallenge,
  verifyPasswordClaim,
} from './srp.ts';

// The client's internals ship without type declarations; describe just what we use.
interface ClientBigInteger {
  toString(radix: number): string;
  equals(other: ClientBigInteger): boolean;
}
interface ClientHelper {
  N: ClientBigInteger;
  g: ClientBigInteger & {
    modPow(
      e: ClientBigInteger,
      m: ClientBigInteger,
      cb: (err: unknown, r: ClientBigInteger) => void,
    ): void;
  };
  padHex(n: ClientBigInteger): string;
  hash(s: string): string;
  hexHash(hex: string): string;
}
const require = createRequire(import.meta.url);
const AuthenticationHelper: new (poolName: string) => ClientHelper =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger: new (s: string, radix: number) => ClientBigInteger =
  require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const DateHelper: new () => { getNowString(): string } =
  require('amazon-cognito-identity-js/lib/DateHelper.js').default;

const POOL_ID = 'us-east-1_TestPool1';
const N = BigInt(`0x${crypto.getDiffieHellman('modp15').getPrime().toString('hex')}`);

interface SignIn {
  claim: PasswordClaim;
  verified: boolean;
}

/**
 * Runs the real client's USER_SRP_AUTH flow. The stubbed transport plays the server with srp.ts,
 * records the PASSWORD_VERIFIER response and ends the flow with an error (no tokens needed).
 */
function signIn(userId: string, password: string, stored: SrpVerifier): Promise<SignIn> {
  const pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: 'client' });
  const user = new CognitoUser({ Username: userId, Pool: pool });
  let A = '';
  let challenge: SrpChallenge | undefined;
  const secretBlock = crypto.randomBytes(64).toString('base64');
  return new Promise((resolve, reject) => {
    (user as unknown as { client: unknown }).client = {
      request(
        op: string,
        params: Record<string, Record<string, string>>,
        cb: (err: Error | null, data: unknown) => void,
      ) {
        if (op === 'InitiateAuth') {
          A = params.AuthParameters.SRP_A;
          assert.ok(isValidClientPublic(A));
          createChallenge(stored).then((c) => {
            challenge = c;
            cb(null, {
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeParameters: {
                SALT: stored.salt,
                SRP_B: c.B,
                SECRET_BLOCK: secretBlock,
                USER_ID_FOR_SRP: userId,
                USERNAME: userId,
              },
            });
          }, reject);
          return;
        }
        const r = params.ChallengeResponses;
        assert.equal(r.PASSWORD_CLAIM_SECRET_BLOCK, secretBlock);
        const claim: PasswordClaim = {
          userPoolId: POOL_ID,
          userId,
          A,
          challenge: challenge as SrpChallenge,
          stored,
          secretBlock,
          timestamp: r.TIMESTAMP,
          signature: r.PASSWORD_CLAIM_SIGNATURE,
        };
        verifyPasswordClaim(claim).then((verified) => {
          resolve({ claim, verified });
          cb(new Error('stop'), null);
        }, reject);
      },
    };
    user.authenticateUser(new AuthenticationDetails({ Username: userId, Password: password }), {
      onSuccess: () => reject(new Error('unexpected success')),
      onFailure: (err: Error) => {
        if (err.message !== 'stop') reject(err);
      },
    });
  });
}

/** v = g^x computed by the client's own helper, for chosen salts. */
function clientVerifier(userId: string, password: string, saltHex: string): string {
  const helper = new AuthenticationHelper(POOL_ID.split('_')[1]);
  const x = helper.hexHash(
    helper.padHex(new BigInteger(saltHex, 16)) +
      helper.hash(`${POOL_ID.split('_')[1]}${userId}:${password}`),
  );
  let v = '';
  helper.g.modPow(new BigInteger(x, 16), helper.N, (_err, r) => {
    v = r.toString(16);
  });
  return v;
}

const randomText = () =>
  crypto.randomBytes(1 + crypto.randomInt(24)).toString('base64') +
  ['', 'é', '🔑', '_'][crypto.randomInt(4)];

test('correct password verifies; wrong password does not', async () => {
  const stored = await createVerifier(POOL_ID, 'alice', 'Correct-Horse-1');
  assert.equal((await signIn('alice', 'Correct-Horse-1', stored)).verified, true);
  assert.equal((await signIn('alice', 'correct-horse-1', stored)).verified, false);
});

test('tampered or malformed claims are rejected without throwing', async () => {
  const { claim, verified } = await signIn('bob', 'pw', await createVerifier(POOL_ID, 'bob', 'pw'));
  assert.equal(verified, true);
  const otherBlock = crypto.randomBytes(64).toString('base64');
  const sig = Buffer.from(claim.signature, 'base64');
  sig[0] ^= 1;
  const bad: Partial<PasswordClaim>[] = [
    { secretBlock: otherBlock },
    { timestamp: `${claim.timestamp} ` },
    { signature: sig.toString('base64') },
    { signature: sig.subarray(1).toString('base64') },
    { signature: '' },
    { userId: 'bobby' },
    { userPoolId: 'us-east-1_Other' },
    { userPoolId: 'nounderscore' },
    { A: 'zz' },
    { A: '0' },
    { A: N.toString(16) },
    { A: '' },
    { challenge: { ...claim.challenge, b: 'xyz' } },
    { challenge: await createChallenge(claim.stored) },
    { stored: { ...claim.stored, verifier: '0' } },
    { stored: { ...claim.stored, verifier: 'not hex' } },
    { stored: await createVerifier(POOL_ID, 'bob', 'pw') },
    { timestamp: undefined as unknown as string },
  ];
  for (const patch of bad) {
    assert.equal(await verifyPasswordClaim({ ...claim, ...patch }), false, JSON.stringify(patch));
  }
  assert.equal(await verifyPasswordClaim({} as PasswordClaim), false);
  assert.equal(await verifyPasswordClaim(null as unknown as PasswordClaim), false);
});

test('isValidClientPublic rejects 0, N, 2N, trivial and non-hex values', () => {
  for (const A of [0n, 1n, N - 1n, N, 2n * N, N + 5n]) {
    assert.equal(isValidClientPublic(A.toString(16)), false, A.toString(16).slice(0, 8));
  }
  for (const A of ['', 'xyz', '0x12', ' 12', '-5', '12g'])
    assert.equal(isValidClientPublic(A), false);
  for (const A of ['2', `00${(N - 2n).toString(16)}`, 'ABCDEF'])
    assert.equal(isValidClientPublic(A), true);
});

test('passwordMatchesVerifier', async () => {
  const stored = await createVerifier(POOL_ID, 'carol', 'secret');
  assert.equal(await passwordMatchesVerifier(POOL_ID, 'carol', 'secret', stored), true);
  assert.equal(await passwordMatchesVerifier(POOL_ID, 'carol', 'Secret', stored), false);
  assert.equal(await passwordMatchesVerifier(POOL_ID, 'carl', 'secret', stored), false);
  assert.equal(
    await passwordMatchesVerifier(POOL_ID, 'carol', 'secret', { ...stored, verifier: 'x' }),
    false,
  );
});

test('verifier matches the client math, including salts needing padHex care', async () => {
  const stored = await createVerifier(POOL_ID, 'dave', 'pw');
  assert.equal(
    BigInt(`0x${stored.verifier}`),
    BigInt(`0x${clientVerifier('dave', 'pw', stored.salt)}`),
  );
  // Leading zero bytes, a set high bit, odd length and tiny salts all go through padHex.
  for (const salt of [
    '00ff01',
    '80',
    'ff00',
    '7f',
    'abc',
    '0',
    '000000000000000000000000000000a1',
  ]) {
    const chosen = { salt, verifier: clientVerifier('dave', 'pw', salt) };
    assert.equal(await passwordMatchesVerifier(POOL_ID, 'dave', 'pw', chosen), true, salt);
  }
});

test('formatTimestamp matches the client DateHelper', () => {
  const dates = [
    '2026-11-03T09:05:07Z',
    '2024-02-29T00:00:00Z',
    '2025-01-01T23:59:59Z',
    '2025-12-31T12:30:45Z',
    '2023-07-09T10:10:10Z',
  ].map((s) => new Date(s));
  assert.equal(formatTimestamp(dates[0]), 'Tue Nov 3 09:05:07 UTC 2026');
  mock.timers.enable({ apis: ['Date'] });
  try {
    for (const date of dates) {
      mock.timers.setTime(date.getTime());
      assert.equal(formatTimestamp(date), new DateHelper().getNowString());
    }
  } finally {
    mock.timers.reset();
  }
});

test('random users and passwords round-trip through the real client (padHex edge cases)', async () => {
  let highBitA = 0;
  for (let i = 0; i < 50; i++) {
    const userId = i % 2 ? crypto.randomUUID() : randomText();
    const password = randomText();
    const stored = await createVerifier(POOL_ID, userId, password);
    const { claim, verified } = await signIn(userId, password, stored);
    assert.equal(verified, true, `round ${i}: ${userId} / ${password} / A=${claim.A.slice(0, 4)}`);
    if (/^[89a-f]/.test(claim.A.length % 2 ? `0${claim.A}` : claim.A)) highBitA++;
  }
  assert.ok(highBitA > 0, 'expected some A values with the high bit set');
});
