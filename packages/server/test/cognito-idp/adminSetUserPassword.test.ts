import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
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

const NEW = 'Adm1n-Set-Passw0rd';
const set = (username: string, password: string, permanent?: boolean, pool = poolId) =>
  t.admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool,
      Username: username,
      Password: password,
      Permanent: permanent,
    }),
  );
const status = async (username: string) =>
  (await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))
    .UserStatus;

test('Permanent: the user is CONFIRMED and signs in with the new password only', async () => {
  const username = unique('perm');
  await signUpConfirmed(t, clientId, username);
  await set(username, NEW, true);
  assert.equal(await status(username), 'CONFIRMED');
  assert.ok((await signIn(t, clientId, username, NEW)).AccessToken);
  await rejects(
    signIn(t, clientId, username, PASSWORD),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('not Permanent: FORCE_CHANGE_PASSWORD and sign-in asks for a new password', async () => {
  const username = unique('temp');
  await signUpConfirmed(t, clientId, username);
  await set(username, NEW);
  assert.equal(await status(username), 'FORCE_CHANGE_PASSWORD');
  const res = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: NEW },
    }),
  );
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
});

test('a password against the policy is InvalidPasswordException and changes nothing', async () => {
  const username = unique('weak');
  await signUpConfirmed(t, clientId, username);
  await rejects(
    set(username, 'nouppercase1!', true),
    'InvalidPasswordException',
    /Password must have uppercase characters$/,
  );
  assert.equal(await status(username), 'CONFIRMED');
  assert.ok((await signIn(t, clientId, username, PASSWORD)).AccessToken);
});

test('an unknown user is UserNotFoundException', async () => {
  await rejects(set(unique('ghost'), NEW, true), 'UserNotFoundException', 'User does not exist.');
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    set('anyone', NEW, true, 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
