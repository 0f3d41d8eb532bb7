import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  claims,
  createClient,
  createWithTemporaryPassword,
  passwordPool,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
const TEMP = 'Temp0rary!';
const NEW = 'N3w-Passw0rd!';

before(async () => {
  t = await startTestServer();
  ({ poolId } = await passwordPool(t));
  clientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
});
after(() => t.close());

async function challenged() {
  const username = unique('adminchallenge');
  await createWithTemporaryPassword(t, poolId, username, { password: TEMP });
  const res = await t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: TEMP },
    }),
  );
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.equal(res.ChallengeParameters?.USER_ID_FOR_SRP, username);
  assert.ok(res.Session);
  return { username, session: res.Session as string };
}

const respond = (
  session: string,
  responses: Record<string, string>,
  client = clientId,
  pool = poolId,
  challengeName = 'NEW_PASSWORD_REQUIRED',
) =>
  t.admin.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: pool,
      ClientId: client,
      ChallengeName: challengeName as ChallengeNameType,
      Session: session,
      ChallengeResponses: responses,
    }),
  );

test('NEW_PASSWORD_REQUIRED answered through the admin API returns tokens', async () => {
  const { username, session } = await challenged();
  const res = await respond(session, { USERNAME: username, NEW_PASSWORD: NEW });
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken);
  assert.equal(claims(r.AccessToken).username, username);
  const u = await t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  assert.equal(u.UserStatus, 'CONFIRMED');
  const again = await t.admin.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: NEW },
    }),
  );
  assert.ok(again.AuthenticationResult?.AccessToken);
});

test('an invalid new password is InvalidPasswordException', async () => {
  const { username, session } = await challenged();
  await rejects(
    respond(session, { USERNAME: username, NEW_PASSWORD: 'lowercaseonly' }),
    'InvalidPasswordException',
    /^Password /,
  );
});

test('a session used once, or from another client, is NotAuthorizedException', async () => {
  const { username, session } = await challenged();
  const other = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    respond(session, { USERNAME: username, NEW_PASSWORD: NEW }, other.ClientId),
    'NotAuthorizedException',
    /^Invalid session for the user/,
  );
  await respond(session, { USERNAME: username, NEW_PASSWORD: NEW });
  await rejects(
    respond(session, { USERNAME: username, NEW_PASSWORD: NEW }),
    'NotAuthorizedException',
    /^Invalid session for the user/,
  );
});

test('a client that is not in the given pool is ResourceNotFoundException', async () => {
  const { username, session } = await challenged();
  const other = await passwordPool(t);
  await rejects(
    respond(session, { USERNAME: username, NEW_PASSWORD: NEW }, clientId, other.poolId),
    'ResourceNotFoundException',
    `User pool client ${clientId} does not exist.`,
  );
});

test('a ChallengeName outside the enum is InvalidParameterException listing the valid names', async () => {
  const { username, session } = await challenged();
  const answer = { USERNAME: username, NEW_PASSWORD: NEW };
  await rejects(
    respond(session, answer, clientId, poolId, 'ADMIN_NO_SRP'),
    'InvalidParameterException',
    "1 validation error detected: Value 'ADMIN_NO_SRP' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, WEB_AUTHN, PASSWORD_SRP]",
  );
  assert.ok((await respond(session, answer)).AuthenticationResult?.AccessToken);
});

test('a ChallengeName the session is not waiting on is NotAuthorizedException', async () => {
  const { username, session } = await challenged();
  for (const name of ['ADMIN_NO_SRP_AUTH', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']) {
    await rejects(
      respond(session, { USERNAME: username, NEW_PASSWORD: NEW }, clientId, poolId, name),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
  }
});

test('needs the admin signature', async () => {
  const { username, session } = await challenged();
  await rejects(
    t.anon.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: NEW },
      }),
    ),
    'UnrecognizedClientException',
  );
});
