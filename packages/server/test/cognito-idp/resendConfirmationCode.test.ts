import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createPool,
  PASSWORD,
  passwordPool,
  rejects,
  secretHash,
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

async function signUp(client = clientId) {
  const username = unique('resend');
  const email = `${username}@example.com`;
  await t.anon.send(
    new SignUpCommand({
      ClientId: client,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  return { username, email, code: (await t.outbox(email))?.code as string };
}

const resend = (username: string, client = clientId, hash?: string) =>
  t.anon.send(
    new ResendConfirmationCodeCommand({ ClientId: client, Username: username, SecretHash: hash }),
  );

test('sends a new code that replaces the old one', async () => {
  const { username, email, code: first } = await signUp();
  const res = await resend(username);
  assert.deepEqual(res.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: `${username[0]}***@e***`,
  });
  const second = (await t.outbox(email))?.code as string;
  assert.match(second, /^\d{6}$/);
  if (second !== first) {
    await assert.rejects(
      t.anon.send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: username,
          ConfirmationCode: first,
        }),
      ),
      { name: 'CodeMismatchException' },
    );
  }
  await t.anon.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: second }),
  );
});

test('a confirmed user is InvalidParameterException', async () => {
  const username = unique('done');
  await signUpConfirmed(t, clientId, username);
  await rejects(resend(username), 'InvalidParameterException', 'User is already confirmed.');
});

test('an unknown user is UserNotFoundException (PreventUserExistenceErrors LEGACY)', async () => {
  await rejects(
    resend(unique('ghost')),
    'UserNotFoundException',
    'Username/client id combination not found.',
  );
});

test('an unknown user with PreventUserExistenceErrors ENABLED gets a plausible answer and no mail', async () => {
  const { poolId } = await passwordPool(t);
  const hiding = await createClient(t, poolId, { PreventUserExistenceErrors: 'ENABLED' });
  const ghost = `${unique('ghost')}@example.com`;
  const res = await resend(ghost, hiding.ClientId);
  assert.deepEqual(res.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: 'g***@e***',
  });
  assert.equal(await t.outbox(ghost), undefined);
});

test('a pool that verifies nothing has no code to resend', async () => {
  const pool = await createPool(t);
  const client = await createClient(t, pool.Id);
  const username = unique('noverify');
  await t.anon.send(
    new SignUpCommand({
      ClientId: client.ClientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  await rejects(resend(username, client.ClientId), 'InvalidParameterException', /verification/i);
});

test('a client with a secret needs the SecretHash', async () => {
  const { poolId } = await passwordPool(t);
  const client = await createClient(t, poolId, { GenerateSecret: true });
  const username = unique('hashed');
  const hash = secretHash(client.ClientSecret as string, username, client.ClientId);
  await t.anon.send(
    new SignUpCommand({
      ClientId: client.ClientId,
      Username: username,
      Password: PASSWORD,
      SecretHash: hash,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  await rejects(
    resend(username, client.ClientId),
    'NotAuthorizedException',
    `Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`,
  );
  const res = await resend(username, client.ClientId, hash);
  assert.equal(res.CodeDeliveryDetails?.AttributeName, 'email');
});
