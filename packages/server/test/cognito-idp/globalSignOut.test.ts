import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetUserCommand,
  GlobalSignOutCommand,
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
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ clientId } = await passwordPool(t));
});
after(() => t.close());

const getUser = (token: string) => t.anon.send(new GetUserCommand({ AccessToken: token }));
const refresh = (token: string) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token },
    }),
  );

test('revokes every session of the user: access tokens and refresh tokens fail', async () => {
  const username = unique('gso');
  await signUpConfirmed(t, clientId, username);
  const one = await signIn(t, clientId, username);
  const two = await signIn(t, clientId, username);
  const refreshed = (await refresh(one.RefreshToken)).AuthenticationResult?.AccessToken as string;

  const res = await t.anon.send(new GlobalSignOutCommand({ AccessToken: one.AccessToken }));
  assert.equal(res.$metadata.httpStatusCode, 200);

  for (const token of [one.AccessToken, two.AccessToken, refreshed]) {
    await rejects(getUser(token), 'NotAuthorizedException', 'Access Token has been revoked');
  }
  for (const token of [one.RefreshToken, two.RefreshToken]) {
    await rejects(refresh(token), 'NotAuthorizedException', 'Refresh Token has been revoked');
  }
  await rejects(
    t.anon.send(new GlobalSignOutCommand({ AccessToken: one.AccessToken })),
    'NotAuthorizedException',
    'Access Token has been revoked',
  );
  // Signing in again works.
  const again = await signIn(t, clientId, username);
  assert.equal((await getUser(again.AccessToken)).Username, username);
});

test("does not touch other users' sessions", async () => {
  const a = unique('gsoa');
  const b = unique('gsob');
  await signUpConfirmed(t, clientId, a);
  await signUpConfirmed(t, clientId, b);
  const ta = await signIn(t, clientId, a);
  const tb = await signIn(t, clientId, b);
  await t.anon.send(new GlobalSignOutCommand({ AccessToken: ta.AccessToken }));
  assert.equal((await getUser(tb.AccessToken)).Username, b);
  assert.ok((await refresh(tb.RefreshToken)).AuthenticationResult?.AccessToken);
});

test('an invalid access token is NotAuthorizedException', async () => {
  await rejects(
    t.anon.send(new GlobalSignOutCommand({ AccessToken: 'abc.def.ghi' })),
    'NotAuthorizedException',
    'Invalid Access Token',
  );
});
