import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  type Attribute,
  createConfirmed,
  createWithTemporaryPassword,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const NEW = 'N3w-Passw0rd!';

const reset = (username: string, pool = poolId) =>
  t.admin.send(
    new AdminResetUserPasswordCommand({
      UserPoolId: pool,
      Username: username,
      ClientMetadata: { reason: 'test' },
    }),
  );
const statusOf = async (username: string) =>
  (await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))
    .UserStatus;

/** An admin-created user with a permanent password and the given attributes. */
async function adminUser(attributes: Attribute[]) {
  const username = unique('rst');
  await createConfirmed(t, poolId, username, { attributes });
  return username;
}

test('RESET_REQUIRED, a code by email, sign-in refused until ConfirmForgotPassword', async () => {
  const username = unique('rst');
  await signUpConfirmed(t, clientId, username);
  const email = `${username}@example.com`;
  const earlier = await t.outbox(email);

  const res = await reset(username);
  assert.equal(res.$metadata.httpStatusCode, 200);
  assert.equal(await statusOf(username), 'RESET_REQUIRED');
  const mail = await t.outbox(email);
  assert.notDeepEqual(mail, earlier);
  assert.match(mail?.code ?? '', /^\d{6}$/);

  await rejects(
    signIn(t, clientId, username),
    'PasswordResetRequiredException',
    'Password reset required for the user',
  );
  await rejects(
    signIn(t, clientId, username, 'Wr0ng-Passw0rd'),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );

  await t.anon.send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: mail?.code as string,
      Password: NEW,
    }),
  );
  assert.equal(await statusOf(username), 'CONFIRMED');
  assert.ok((await signIn(t, clientId, username, NEW)).AccessToken);
  await rejects(signIn(t, clientId, username), 'NotAuthorizedException');
});

test('with only a verified phone number the code goes by SMS', async () => {
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  const username = await adminUser([
    { Name: 'phone_number', Value: phone },
    { Name: 'phone_number_verified', Value: 'true' },
  ]);
  await reset(username);
  assert.equal(await statusOf(username), 'RESET_REQUIRED');
  const sms = await t.outbox(phone);
  assert.equal(sms?.destination, phone);
  assert.match(sms?.code ?? '', /^\d{6}$/);
});

test('a user without a verified email or phone is InvalidParameterException, unchanged', async () => {
  const username = await adminUser([{ Name: 'email', Value: `${unique('unv')}@example.com` }]);
  await rejects(
    reset(username),
    'InvalidParameterException',
    'Cannot reset password for the user as there is no registered/verified email or phone_number',
  );
  assert.equal(await statusOf(username), 'CONFIRMED');
  assert.ok((await signIn(t, clientId, username)).AccessToken);
});

test('a user still on a temporary password is NotAuthorizedException, unchanged', async () => {
  const username = unique('fcp');
  await createWithTemporaryPassword(t, poolId, username, {
    attributes: verifiedEmail(`${username}@example.com`),
  });
  await rejects(
    reset(username),
    'NotAuthorizedException',
    'User password cannot be reset in the current state.',
  );
  assert.equal(await statusOf(username), 'FORCE_CHANGE_PASSWORD');
});

test('an unknown user is UserNotFoundException, an unknown pool ResourceNotFoundException', async () => {
  await rejects(reset(unique('ghost')), 'UserNotFoundException', 'User does not exist.');
  await rejects(
    reset('someone', 'us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
