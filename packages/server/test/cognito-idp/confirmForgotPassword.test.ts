import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
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

const NEW = 'Res3t-Passw0rd';
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

/** A confirmed user who asked for a reset: username and the code mailed. */
async function resetting() {
  const username = unique('reset');
  await signUpConfirmed(t, clientId, username);
  await t.anon.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
  const code = (await t.outbox(`${username}@example.com`))?.code as string;
  assert.match(code, /^\d{6}$/);
  return { username, code };
}

const confirm = (username: string, code: string, password = NEW, client = clientId) =>
  t.anon.send(
    new ConfirmForgotPasswordCommand({
      ClientId: client,
      Username: username,
      ConfirmationCode: code,
      Password: password,
    }),
  );

test('the code sets the new password; the old one stops working', async () => {
  const { username, code } = await resetting();
  const res = await confirm(username, code);
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.ok((await signIn(t, clientId, username, NEW)).AccessToken);
  await rejects(
    signIn(t, clientId, username, PASSWORD),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  // Used once.
  await rejects(confirm(username, code, 'An0ther-Passw0rd'), 'ExpiredCodeException');
});

test('a wrong code is CodeMismatchException and the password is unchanged', async () => {
  const { username, code } = await resetting();
  await rejects(
    confirm(username, wrong(code)),
    'CodeMismatchException',
    'Invalid verification code provided, please try again.',
  );
  assert.ok((await signIn(t, clientId, username, PASSWORD)).AccessToken);
});

test('a password against the policy is InvalidPasswordException and keeps the code usable', async () => {
  const { username, code } = await resetting();
  await rejects(confirm(username, code, 'weakpassword'), 'InvalidPasswordException', /^Password /);
  await confirm(username, code);
  assert.ok((await signIn(t, clientId, username, NEW)).AccessToken);
});

test('five wrong codes: LimitExceededException, even for the right code', async () => {
  const { username, code } = await resetting();
  for (let i = 0; i < 5; i++)
    await rejects(confirm(username, wrong(code)), 'CodeMismatchException');
  await rejects(
    confirm(username, code),
    'LimitExceededException',
    'Attempt limit exceeded, please try after some time.',
  );
  assert.ok((await signIn(t, clientId, username, PASSWORD)).AccessToken);
});

test('an unknown user: UserNotFoundException with LEGACY, CodeMismatchException with ENABLED', async () => {
  await rejects(
    confirm(unique('ghost'), '123456'),
    'UserNotFoundException',
    'Username/client id combination not found.',
  );
  const hiding = await createClient(t, poolId, { PreventUserExistenceErrors: 'ENABLED' });
  await rejects(confirm(unique('ghost'), '123456', NEW, hiding.ClientId), 'CodeMismatchException');
});

// Moves the server clock: keep last.
test('a reset code lives one hour: then ExpiredCodeException', async () => {
  const late = await resetting();
  const inTime = await resetting();
  advanceClock(t, 59 * 60_000);
  await confirm(inTime.username, inTime.code);
  advanceClock(t, 2 * 60_000);
  await rejects(
    confirm(late.username, late.code),
    'ExpiredCodeException',
    'Invalid code provided, please request a code again.',
  );
  assert.ok((await signIn(t, clientId, late.username, PASSWORD)).AccessToken);
});
