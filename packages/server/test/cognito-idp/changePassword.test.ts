import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChangePasswordCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
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
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ clientId } = await passwordPool(t));
});
after(() => t.close());

const NEW = 'Chang3d-Passw0rd';

async function signedIn() {
  const username = unique('chpw');
  await signUpConfirmed(t, clientId, username);
  return { username, token: (await signIn(t, clientId, username)).AccessToken };
}

const change = (token: string, previous: string, proposed: string) =>
  t.anon.send(
    new ChangePasswordCommand({
      AccessToken: token,
      PreviousPassword: previous,
      ProposedPassword: proposed,
    }),
  );

test('the new password signs in and the old one no longer does; the session stays valid', async () => {
  const { username, token } = await signedIn();
  const res = await change(token, PASSWORD, NEW);
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.ok((await signIn(t, clientId, username, NEW)).AccessToken);
  await rejects(
    signIn(t, clientId, username, PASSWORD),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  assert.equal((await t.anon.send(new GetUserCommand({ AccessToken: token }))).Username, username);
});

test('a wrong previous password is NotAuthorizedException and changes nothing', async () => {
  const { username, token } = await signedIn();
  await rejects(
    change(token, 'Wr0ng-Passw0rd', NEW),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  assert.ok((await signIn(t, clientId, username, PASSWORD)).AccessToken);
});

test('a proposed password against the policy is InvalidPasswordException', async () => {
  const { username, token } = await signedIn();
  await rejects(
    change(token, PASSWORD, 'alllowercase1!'),
    'InvalidPasswordException',
    /Password must have uppercase characters$/,
  );
  assert.ok((await signIn(t, clientId, username, PASSWORD)).AccessToken);
});

test('an invalid access token is NotAuthorizedException', async () => {
  await rejects(
    change('abc.def.ghi', PASSWORD, NEW),
    'NotAuthorizedException',
    'Invalid Access Token',
  );
});

test('the request members are validated before the access token is checked', async () => {
  // As on Cognito, the model's validation answers first, whatever the token.
  await rejects(
    change('abc.def.ghi', PASSWORD, undefined as unknown as string),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'proposedPassword' failed to satisfy constraint: Member must not be null",
  );
});
