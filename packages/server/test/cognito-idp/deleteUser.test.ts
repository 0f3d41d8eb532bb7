import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  InitiateAuthCommand,
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
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

test('deletes the caller: the user is gone and its tokens stop working', async () => {
  const username = unique('deleteme');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  const res = await t.anon.send(new DeleteUserCommand({ AccessToken: tokens.AccessToken }));
  assert.equal(res.$metadata.httpStatusCode, 200);

  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    t.anon.send(new GetUserCommand({ AccessToken: tokens.AccessToken })),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
      }),
    ),
    'NotAuthorizedException',
  );
  await rejects(signIn(t, clientId, username), 'UserNotFoundException', 'User does not exist.');
  // The name is free again.
  const again = await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }),
  );
  assert.equal(again.UserConfirmed, false);
});

test('an invalid access token is NotAuthorizedException', async () => {
  await rejects(
    t.anon.send(new DeleteUserCommand({ AccessToken: 'abc.def.ghi' })),
    'NotAuthorizedException',
    'Invalid Access Token',
  );
});
