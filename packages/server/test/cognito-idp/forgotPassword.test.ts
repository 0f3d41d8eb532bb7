import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createConfirmed,
  createWithTemporaryPassword,
  passwordPool,
  rejects,
  secretHash,
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

const forgot = (username: string, client = clientId, hash?: string) =>
  t.anon.send(
    new ForgotPasswordCommand({ ClientId: client, Username: username, SecretHash: hash }),
  );

test('sends a reset code to the verified email', async () => {
  const username = unique('forgot');
  await signUpConfirmed(t, clientId, username);
  const previous = await t.outbox(`${username}@example.com`);
  const res = await forgot(username);
  assert.deepEqual(res.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: `${username[0]}***@e***`,
  });
  const mail = await t.outbox(`${username}@example.com`);
  assert.match(mail?.code ?? '', /^\d{6}$/);
  assert.notDeepEqual(mail, previous);
});

test('an unknown user: UserNotFoundException with LEGACY', async () => {
  await rejects(
    forgot(unique('ghost')),
    'UserNotFoundException',
    'Username/client id combination not found.',
  );
});

test('an unknown user with PreventUserExistenceErrors ENABLED gets a plausible answer and no mail', async () => {
  const hiding = await createClient(t, poolId, { PreventUserExistenceErrors: 'ENABLED' });
  const ghost = `${unique('ghost')}@example.com`;
  const res = await forgot(ghost, hiding.ClientId);
  assert.equal(res.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
  assert.equal(res.CodeDeliveryDetails?.AttributeName, 'email');
  assert.match(res.CodeDeliveryDetails?.Destination ?? '', /^g\*\*\*@e\*\*\*$/);
  assert.equal(await t.outbox(ghost), undefined);
});

test('a user without a verified email or phone is InvalidParameterException', async () => {
  const username = unique('noverified');
  await createConfirmed(t, poolId, username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  await rejects(
    forgot(username),
    'InvalidParameterException',
    'Cannot reset password for the user as there is no registered/verified email or phone_number',
  );
  assert.equal(await t.outbox(`${username}@example.com`), undefined);
});

test('a user still on a temporary password cannot reset it: NotAuthorizedException', async () => {
  const username = unique('temporary');
  await createWithTemporaryPassword(t, poolId, username, {
    attributes: verifiedEmail(`${username}@example.com`),
  });
  await rejects(
    forgot(username),
    'NotAuthorizedException',
    'User password cannot be reset in the current state.',
  );
  assert.equal(await t.outbox(`${username}@example.com`), undefined);
});

test('a client with a secret needs the SecretHash', async () => {
  const client = await createClient(t, poolId, { GenerateSecret: true });
  const username = unique('forgotsecret');
  await signUpConfirmed(t, clientId, username);
  await rejects(
    forgot(username, client.ClientId),
    'NotAuthorizedException',
    `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`,
  );
  const res = await forgot(
    username,
    client.ClientId,
    secretHash(client.ClientSecret as string, username, client.ClientId),
  );
  assert.equal(res.CodeDeliveryDetails?.AttributeName, 'email');
});
