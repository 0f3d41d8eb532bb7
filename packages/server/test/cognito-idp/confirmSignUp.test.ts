import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  attrMap,
  claims,
  createClient,
  PASSWORD,
  passwordPool,
  rejects,
  secretHash,
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

/** Signs up a fresh user and returns the username, email and the code mailed to it. */
async function signUp(client = clientId, extra: { SecretHash?: string; Username?: string } = {}) {
  const username = extra.Username ?? unique('confirm');
  const email = `${username}@example.com`;
  await t.anon.send(
    new SignUpCommand({
      ClientId: client,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
      SecretHash: extra.SecretHash,
    }),
  );
  const code = (await t.outbox(email))?.code as string;
  assert.match(code, /^\d{6}$/);
  return { username, email, code };
}

const confirm = (username: string, code: string, client = clientId, hash?: string) =>
  t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: client,
      Username: username,
      ConfirmationCode: code,
      SecretHash: hash,
    }),
  );

const status = async (username: string) => {
  const u = await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return { status: u.UserStatus, attrs: attrMap(u.UserAttributes) };
};

/** A six-digit code that is not `code`. */
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

test('the mailed code confirms the user and verifies the email', async () => {
  const { username, code } = await signUp();
  await assert.rejects(signIn(t, clientId, username), { name: 'UserNotConfirmedException' });
  const res = await confirm(username, code);
  assert.equal(res.$metadata.httpStatusCode, 200);
  const u = await status(username);
  assert.equal(u.status, 'CONFIRMED');
  assert.equal(u.attrs.email_verified, 'true');
  const tokens = await signIn(t, clientId, username);
  assert.ok(tokens.AccessToken);
});

test('a wrong code is CodeMismatchException and leaves the user unconfirmed', async () => {
  const { username, code } = await signUp();
  await rejects(
    confirm(username, wrong(code)),
    'CodeMismatchException',
    'Invalid verification code provided, please try again.',
  );
  assert.equal((await status(username)).status, 'UNCONFIRMED');
  await confirm(username, code);
  assert.equal((await status(username)).status, 'CONFIRMED');
});

test('a code can be used only once: confirming again is NotAuthorizedException', async () => {
  const { username, code } = await signUp();
  await confirm(username, code);
  await rejects(
    confirm(username, code),
    'NotAuthorizedException',
    'User cannot be confirmed. Current status is CONFIRMED',
  );
});

test('after five wrong codes even the right one is LimitExceededException', async () => {
  const { username, code } = await signUp();
  for (let i = 0; i < 5; i++) {
    await rejects(confirm(username, wrong(code)), 'CodeMismatchException');
  }
  await rejects(
    confirm(username, code),
    'LimitExceededException',
    'Attempt limit exceeded, please try after some time.',
  );
  assert.equal((await status(username)).status, 'UNCONFIRMED');
  // A fresh code brings no fresh guesses (issue 18): they come back an hour after the first.
  await t.anon.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }));
  const fresh = (await t.outbox(`${username}@example.com`))?.code as string;
  await rejects(confirm(username, fresh), 'LimitExceededException');
  assert.equal((await status(username)).status, 'UNCONFIRMED');
});

test('an unknown user is UserNotFoundException (PreventUserExistenceErrors LEGACY)', async () => {
  await rejects(
    confirm(unique('ghost'), '123456'),
    'UserNotFoundException',
    'Username/client id combination not found.',
  );
});

test('an unknown client is ResourceNotFoundException', async () => {
  await rejects(
    confirm('someone', '123456', 'nosuchclient123'),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
});

test('a client with a secret needs the SecretHash', async () => {
  const client = await createClient(t, poolId, { GenerateSecret: true });
  const username = unique('secret');
  const hash = secretHash(client.ClientSecret as string, username, client.ClientId);
  const { code } = await signUp(client.ClientId, { Username: username, SecretHash: hash });
  await rejects(
    confirm(username, code, client.ClientId),
    'NotAuthorizedException',
    `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`,
  );
  await rejects(
    confirm(username, code, client.ClientId, secretHash('wrong', username, client.ClientId)),
    'NotAuthorizedException',
    `Unable to verify secret hash for client ${client.ClientId}`,
  );
  await confirm(username, code, client.ClientId, hash);
  assert.equal((await status(username)).status, 'CONFIRMED');
});

test('confirming an email another user holds as a verified alias is AliasExistsException', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const email = `${unique('shared')}@example.com`;
  const owner = unique('owner');
  await signUpConfirmed(t, alias.clientId, owner, { email });
  const second = unique('second');
  await t.anon.send(
    new SignUpCommand({
      ClientId: alias.clientId,
      Username: second,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  const code = (await t.outbox(email))?.code as string;
  await rejects(
    confirm(second, code, alias.clientId),
    'AliasExistsException',
    'An account with the given email already exists.',
  );
  const u = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: alias.poolId, Username: second }),
  );
  assert.equal(u.UserStatus, 'UNCONFIRMED');
  // The alias still signs the first user in.
  const tokens = await signIn(t, alias.clientId, email);
  assert.equal(claims(tokens.AccessToken).username, owner);
});

test('an unknown user with PreventUserExistenceErrors ENABLED is CodeMismatchException', async () => {
  const hiding = await createClient(t, poolId, { PreventUserExistenceErrors: 'ENABLED' });
  await rejects(
    confirm(unique('ghost'), '123456', hiding.ClientId),
    'CodeMismatchException',
    'Invalid verification code provided, please try again.',
  );
});

// Moves the server clock: keep last.
test('a code older than 24 hours is ExpiredCodeException; a resent one works', async () => {
  const { username, code } = await signUp();
  const early = await signUp();
  advanceClock(t, 24 * 60 * 60 * 1000 - 60_000);
  await confirm(early.username, early.code); // still within its 24 hours
  advanceClock(t, 2 * 60_000);
  await rejects(
    confirm(username, code),
    'ExpiredCodeException',
    'Invalid code provided, please request a code again.',
  );
  assert.equal((await status(username)).status, 'UNCONFIRMED');
  await t.anon.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }));
  const fresh = (await t.outbox(`${username}@example.com`))?.code as string;
  await confirm(username, fresh);
  assert.equal((await status(username)).status, 'CONFIRMED');
});

test('ForceAliasCreation moves the alias to the user being confirmed', async () => {
  const alias = await passwordPool(t, { AliasAttributes: ['email'] });
  const email = `${unique('moved')}@example.com`;
  const owner = unique('owner');
  await signUpConfirmed(t, alias.clientId, owner, { email });
  const second = unique('second');
  await t.anon.send(
    new SignUpCommand({
      ClientId: alias.clientId,
      Username: second,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  const code = (await t.outbox(email))?.code as string;
  await t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: alias.clientId,
      Username: second,
      ConfirmationCode: code,
      ForceAliasCreation: true,
    }),
  );
  // The email now signs the second user in; the first keeps the address, no longer verified.
  const tokens = await signIn(t, alias.clientId, email);
  assert.equal(claims(tokens.AccessToken).username, second);
  const previous = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: alias.poolId, Username: owner }),
  );
  const attr = (name: string) => previous.UserAttributes?.find((a) => a.Name === name)?.Value;
  assert.equal(attr('email'), email);
  assert.equal(attr('email_verified'), 'false');
  assert.ok((await signIn(t, alias.clientId, owner)).AccessToken, 'the username still works');
});
