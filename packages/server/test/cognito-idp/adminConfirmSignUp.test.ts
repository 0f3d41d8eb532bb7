import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  PASSWORD,
  passwordPool,
  rejects,
  signIn,
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

const confirm = (username: string, pool = poolId) =>
  t.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: username }));

test('confirms an unconfirmed user without a code; the email stays unverified', async () => {
  const username = unique('adminconfirm');
  await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  const res = await confirm(username);
  assert.equal(res.$metadata.httpStatusCode, 200);
  const u = await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  assert.equal(u.UserStatus, 'CONFIRMED');
  assert.notEqual(attrMap(u.UserAttributes).email_verified, 'true');
  assert.ok((await signIn(t, clientId, username)).AccessToken);
});

test('a confirmed user is NotAuthorizedException', async () => {
  const username = unique('twice');
  await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }),
  );
  await confirm(username);
  await rejects(
    confirm(username),
    'NotAuthorizedException',
    'User cannot be confirmed. Current status is CONFIRMED',
  );
});

test('an unknown user is UserNotFoundException', async () => {
  await rejects(confirm(unique('ghost')), 'UserNotFoundException', 'User does not exist.');
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    confirm('anyone', 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
