import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetUserCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  attrMap,
  claims,
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

/** A signed-in user who just changed email: returns the token, new address and its code. */
async function pendingEmail() {
  const username = unique('verify');
  await signUpConfirmed(t, clientId, username);
  const tokens = await signIn(t, clientId, username);
  const email = `${username}.changed@example.com`;
  await t.anon.send(
    new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  const code = (await t.outbox(email))?.code as string;
  assert.match(code, /^\d{6}$/);
  return { username, token: tokens.AccessToken, code };
}

const verify = (token: string, code: string, name = 'email') =>
  t.anon.send(
    new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: name, Code: code }),
  );
const verified = async (token: string) =>
  attrMap((await t.anon.send(new GetUserCommand({ AccessToken: token }))).UserAttributes)
    .email_verified;
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

test('the right code verifies the attribute, once', async () => {
  const { token, code } = await pendingEmail();
  const res = await verify(token, code);
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.equal(await verified(token), 'true');
  await rejects(verify(token, code), 'ExpiredCodeException');
});

test('a wrong code is CodeMismatchException', async () => {
  const { token, code } = await pendingEmail();
  await rejects(
    verify(token, wrong(code)),
    'CodeMismatchException',
    'Invalid verification code provided, please try again.',
  );
  assert.equal(await verified(token), 'false');
  await verify(token, code);
  assert.equal(await verified(token), 'true');
});

test('five wrong codes burn the code: LimitExceededException', async () => {
  const { token, code } = await pendingEmail();
  for (let i = 0; i < 5; i++) await rejects(verify(token, wrong(code)), 'CodeMismatchException');
  await rejects(verify(token, code), 'LimitExceededException');
  assert.equal(await verified(token), 'false');
});

test('an attribute that cannot be verified is InvalidParameterException', async () => {
  const { token } = await pendingEmail();
  await rejects(verify(token, '123456', 'name'), 'InvalidParameterException');
});

test('verifying an email another user holds as a verified alias is AliasExistsException', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const email = `${unique('taken')}@example.com`;
  const owner = unique('owner');
  await signUpConfirmed(t, alias.clientId, owner, { email });
  const other = unique('other');
  await signUpConfirmed(t, alias.clientId, other);
  const token = (await signIn(t, alias.clientId, other)).AccessToken;
  // Changing to the address is allowed while it is unverified...
  await t.anon.send(
    new UpdateUserAttributesCommand({
      AccessToken: token,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  const code = (await t.outbox(email))?.code as string;
  // ...but verifying it would make it a second user's alias.
  await rejects(
    verify(token, code),
    'AliasExistsException',
    'An account with the given email already exists.',
  );
  assert.equal(await verified(token), 'false');
  assert.equal(claims((await signIn(t, alias.clientId, email)).AccessToken).username, owner);
});

// Moves the server clock: keep last.
test('a code older than 24 hours is ExpiredCodeException', async () => {
  const { username, code } = await pendingEmail();
  advanceClock(t, 24 * 60 * 60_000 + 60_000);
  const fresh = await signIn(t, clientId, username);
  await rejects(
    verify(fresh.AccessToken, code),
    'ExpiredCodeException',
    'Invalid code provided, please request a code again.',
  );
  assert.equal(await verified(fresh.AccessToken), 'false');
});
