import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  createConfirmed,
  passwordPool,
  rejects,
  signIn,
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

/** A confirmed user whose email is not verified (admin-created, permanent password). */
async function unverifiedUser() {
  const username = unique('gvc');
  await createConfirmed(t, poolId, username, {
    attributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  return { username, tokens: await signIn(t, clientId, username) };
}

const getCode = (token: string, name: string) =>
  t.anon.send(
    new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: name }),
  );

test('sends a code to the email that verifies it', async () => {
  const { username, tokens } = await unverifiedUser();
  const res = await getCode(tokens.AccessToken, 'email');
  assert.deepEqual(res.CodeDeliveryDetails, {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: `${username[0]}***@e***`,
  });
  const mail = await t.outbox(`${username}@example.com`);
  assert.match(mail?.code ?? '', /^\d{6}$/);
  await t.anon.send(
    new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken,
      AttributeName: 'email',
      Code: mail?.code as string,
    }),
  );
  const user = await t.anon.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
  assert.equal(attrMap(user.UserAttributes).email_verified, 'true');
});

test('a new code replaces the previous one', async () => {
  const { username, tokens } = await unverifiedUser();
  await getCode(tokens.AccessToken, 'email');
  const first = (await t.outbox(`${username}@example.com`))?.code as string;
  await getCode(tokens.AccessToken, 'email');
  const second = (await t.outbox(`${username}@example.com`))?.code as string;
  if (first !== second) {
    await rejects(
      t.anon.send(
        new VerifyUserAttributeCommand({
          AccessToken: tokens.AccessToken,
          AttributeName: 'email',
          Code: first,
        }),
      ),
      'CodeMismatchException',
    );
  }
  await t.anon.send(
    new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken,
      AttributeName: 'email',
      Code: second,
    }),
  );
});

test('an attribute the user lacks or that cannot be verified is InvalidParameterException', async () => {
  const { tokens } = await unverifiedUser();
  await rejects(getCode(tokens.AccessToken, 'phone_number'), 'InvalidParameterException');
  await rejects(getCode(tokens.AccessToken, 'name'), 'InvalidParameterException');
});

test('an invalid access token is NotAuthorizedException', async () => {
  await rejects(getCode('abc.def.ghi', 'email'), 'NotAuthorizedException', 'Invalid Access Token');
});
