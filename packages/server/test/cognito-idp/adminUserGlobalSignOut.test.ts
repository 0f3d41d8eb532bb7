import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminUserGlobalSignOutCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
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

const signOut = (username: string, pool = poolId) =>
  t.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool, Username: username }));
const getUser = (token: string) => t.anon.send(new GetUserCommand({ AccessToken: token }));
const refresh = (token: string) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token },
    }),
  );

test('revokes every refresh and access token of the user; signing in again works', async () => {
  const username = unique('agso');
  await signUpConfirmed(t, clientId, username);
  const one = await signIn(t, clientId, username);
  const two = await signIn(t, clientId, username);
  const refreshed = (await refresh(one.RefreshToken)).AuthenticationResult?.AccessToken as string;

  const res = await signOut(username);
  assert.equal(res.$metadata.httpStatusCode, 200);

  for (const token of [one.AccessToken, two.AccessToken, refreshed]) {
    await rejects(getUser(token), 'NotAuthorizedException', 'Access Token has been revoked');
  }
  for (const token of [one.RefreshToken, two.RefreshToken]) {
    await rejects(refresh(token), 'NotAuthorizedException', 'Refresh Token has been revoked');
  }
  // A user with no live session signs out without error.
  await signOut(username);
  const again = await signIn(t, clientId, username);
  assert.equal((await getUser(again.AccessToken)).Username, username);
});

test("does not touch other users' sessions", async () => {
  const a = unique('agsoa');
  const b = unique('agsob');
  await signUpConfirmed(t, clientId, a);
  await signUpConfirmed(t, clientId, b);
  const tb = await signIn(t, clientId, b);
  await signOut(a);
  assert.equal((await getUser(tb.AccessToken)).Username, b);
  assert.ok((await refresh(tb.RefreshToken)).AuthenticationResult?.AccessToken);
});

test('an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException', async () => {
  await rejects(signOut(unique('ghost')), 'UserNotFoundException', 'User does not exist.');
  await rejects(
    signOut('someone', 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});

test('requires SigV4 credentials', async () => {
  await rejects(
    t.anon.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'x' })),
    'UnrecognizedClientException',
  );
});
