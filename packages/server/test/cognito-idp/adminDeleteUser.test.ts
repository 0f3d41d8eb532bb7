import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  SignUpCommand,
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
  ({ poolId, clientId } = await passwordPool(t, { UsernameAttributes: ['email'] }));
});
after(() => t.close());

const del = (username: string, pool = poolId) =>
  t.admin.send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: username }));

test('deletes the user: gone from the pool, tokens refused, the email free again', async () => {
  const email = `${unique('admindel')}@example.com`;
  await signUpConfirmed(t, clientId, email, { email });
  const tokens = await signIn(t, clientId, email);
  const count = async () =>
    (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool
      ?.EstimatedNumberOfUsers;
  const countBefore = await count();
  const res = await del(email);
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.equal(await count(), (countBefore as number) - 1);
  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email })),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    t.anon.send(new GetUserCommand({ AccessToken: tokens.AccessToken })),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(signIn(t, clientId, email), 'UserNotFoundException', 'User does not exist.');
  const again = await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD }),
  );
  assert.equal(again.UserConfirmed, false);
});

test('an unknown user is UserNotFoundException', async () => {
  await rejects(
    del(`${unique('ghost')}@example.com`),
    'UserNotFoundException',
    'User does not exist.',
  );
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    del('anyone', 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
