// Cognito's lockout after repeated wrong passwords: counted in the database, for password and
// SRP sign-ins alike, released by time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { lockMs } from '../../src/services/sign-in/index.ts';
import {
  advanceClock,
  createClient,
  PASSWORD,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const EXCEEDED = 'Password attempts exceeded';
const WRONG = 'Incorrect username or password.';

test('lock lengths follow Cognito: free tries, then 1 s doubling to 15 minutes', () => {
  assert.deepEqual([1, 2, 3, 4].map(lockMs), [0, 0, 0, 0]);
  assert.deepEqual([5, 6, 7, 8].map(lockMs), [1000, 2000, 4000, 8000]);
  assert.equal(lockMs(15), 900_000);
  assert.equal(lockMs(40), 900_000);
});

test('five wrong passwords lock the user; the right one is refused until the lock ends', async () => {
  const name = unique();
  await signUpConfirmed(t, clientId, name);
  for (let i = 0; i < 4; i++) {
    await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', WRONG);
  }
  // The fifth failure is still answered as a wrong password, and starts a 1 s lock.
  await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', WRONG);
  await rejects(signIn(t, clientId, name, PASSWORD), 'NotAuthorizedException', EXCEEDED);
  advanceClock(t, 1100);
  // A sixth failure locks for 2 s; attempts during the lock do not lengthen it.
  await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', WRONG);
  advanceClock(t, 1500);
  await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', EXCEEDED);
  await rejects(signIn(t, clientId, name, PASSWORD), 'NotAuthorizedException', EXCEEDED);
  advanceClock(t, 600);
  const tokens = await signIn(t, clientId, name, PASSWORD);
  assert.ok(tokens.AccessToken);
  // The success cleared the run: four new failures do not lock.
  for (let i = 0; i < 4; i++) {
    await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', WRONG);
  }
  assert.ok((await signIn(t, clientId, name, PASSWORD)).AccessToken);
});

test('the count starts over after 15 minutes without a failure', async () => {
  const name = unique();
  await signUpConfirmed(t, clientId, name);
  for (let i = 0; i < 4; i++) {
    await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', WRONG);
  }
  advanceClock(t, 15 * 60_000 + 1000);
  await rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException', WRONG);
  // Only one failure in the new run, so no lock.
  assert.ok((await signIn(t, clientId, name, PASSWORD)).AccessToken);
});

test('concurrent wrong passwords all count', async () => {
  const name = unique();
  await signUpConfirmed(t, clientId, name);
  // Time stands still, so the lock's length is checked exactly, however slow the machine.
  t.clock.freeze();
  try {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        rejects(signIn(t, clientId, name, 'Wrong-Passw0rd'), 'NotAuthorizedException').then(
          (err) => err.message,
        ),
      ),
    );
    // Each attempt either counted (a wrong password) or arrived during the lock (not counted).
    const counted = answers.filter((m) => m === WRONG).length;
    assert.equal(counted + answers.filter((m) => m === EXCEEDED).length, 8);
    assert.ok(counted >= 5, `${counted} counted`);
    // A lost update would give a shorter lock than the count of wrong-password answers implies.
    advanceClock(t, lockMs(counted) - 300);
    await rejects(signIn(t, clientId, name, PASSWORD), 'NotAuthorizedException', EXCEEDED);
    advanceClock(t, 600);
    assert.ok((await signIn(t, clientId, name, PASSWORD)).AccessToken);
  } finally {
    t.clock.thaw();
  }
});

test('SRP sign-ins (amazon-cognito-identity-js) count and are locked the same way', async () => {
  const srpClient = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const name = unique();
  await signUpConfirmed(t, clientId, name);
  const pool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: srpClient.ClientId as string,
    endpoint: t.url,
  });
  const attempt = (password: string) =>
    new Promise<void>((resolve, reject) => {
      new CognitoUser({ Username: name, Pool: pool }).authenticateUser(
        new AuthenticationDetails({ Username: name, Password: password }),
        { onSuccess: () => resolve(), onFailure: reject },
      );
    });
  const failsWith = (password: string, message: string) =>
    assert.rejects(attempt(password), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'NotAuthorizedException');
      assert.equal(err.message, message);
      return true;
    });
  // Time stands still, so the 1 s lock cannot run out while a slow machine does the SRP math.
  t.clock.freeze();
  try {
    for (let i = 0; i < 5; i++) await failsWith('Wrong-Passw0rd', WRONG);
    await failsWith(PASSWORD, EXCEEDED);
    // The lock is shared with the password flow: it is per user, not per flow.
    await rejects(signIn(t, clientId, name, PASSWORD), 'NotAuthorizedException', EXCEEDED);
    advanceClock(t, 1100);
    await attempt(PASSWORD);
  } finally {
    t.clock.thaw();
  }
});
