import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  type ChallengeNameType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  attrMap,
  claims,
  createClient,
  createWithTemporaryPassword,
  passwordPool,
  rejects,
  signIn,
  startTestServer,
  type TestServer,
  unique,
  verifiedEmail,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
const TEMP = 'Temp0rary!';
const NEW = 'N3w-Passw0rd!';

before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

/** An admin-created user (temporary password, no invitation) and its first sign-in. */
async function invited(pool = poolId, client = clientId, attributes = true) {
  const username = unique('invited');
  await createWithTemporaryPassword(t, pool, username, {
    password: TEMP,
    attributes: attributes ? verifiedEmail(`${username}@example.com`) : [],
  });
  const res = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: client,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: TEMP },
    }),
  );
  return { username, res };
}

const respond = (
  session: string | undefined,
  responses: Record<string, string>,
  client = clientId,
  challengeName = 'NEW_PASSWORD_REQUIRED',
) =>
  t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: client,
      ChallengeName: challengeName as ChallengeNameType,
      Session: session,
      ChallengeResponses: responses,
    }),
  );

/** Cognito's model validation of a ChallengeName outside ChallengeNameType. */
const notAChallengeName = (value: string) =>
  `1 validation error detected: Value '${value}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, WEB_AUTHN, PASSWORD_SRP]`;

test('signing in with a temporary password answers NEW_PASSWORD_REQUIRED', async () => {
  const { username, res } = await invited();
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.equal(res.AuthenticationResult, undefined);
  assert.ok(res.Session && res.Session.length >= 20);
  const p = res.ChallengeParameters ?? {};
  assert.equal(p.USER_ID_FOR_SRP, username);
  assert.deepEqual(JSON.parse(p.requiredAttributes), []);
  const shown = JSON.parse(p.userAttributes);
  assert.equal(shown.email, `${username}@example.com`);
  assert.equal(shown.sub, undefined);
});

test('answering with a new password returns tokens and confirms the user', async () => {
  const { username, res } = await invited();
  const done = await respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW });
  const r = done.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken);
  assert.deepEqual(done.ChallengeParameters, {});
  assert.equal(claims(r.AccessToken).username, username);
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(user.UserStatus, 'CONFIRMED');
  // The new password now signs in directly; the temporary one no longer does.
  assert.ok((await signIn(t, clientId, username, NEW)).AccessToken);
  await rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: TEMP },
      }),
    ),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
});

test('a new password against the policy is InvalidPasswordException; the session can retry', async () => {
  const { username, res } = await invited();
  await rejects(
    respond(res.Session, { USERNAME: username, NEW_PASSWORD: 'short' }),
    'InvalidPasswordException',
    /Password not long enough$/,
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(user.UserStatus, 'FORCE_CHANGE_PASSWORD');
  const done = await respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW });
  assert.ok(done.AuthenticationResult?.AccessToken);
});

test('a session is good for one answer', async () => {
  const { username, res } = await invited();
  await respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW });
  await rejects(
    respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW }),
    'NotAuthorizedException',
    /^Invalid session for the user/,
  );
});

test('an unknown session, or one of another client, is NotAuthorizedException', async () => {
  const { username, res } = await invited();
  await rejects(
    respond('bm90LWEtc2Vzc2lvbi1hdC1hbGwtMDAwMDAwMDAwMDAw', {
      USERNAME: username,
      NEW_PASSWORD: NEW,
    }),
    'NotAuthorizedException',
    /^Invalid session for the user/,
  );
  const other = await createClient(t, poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await rejects(
    respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW }, other.ClientId),
    'NotAuthorizedException',
    /^Invalid session for the user/,
  );
  // The right client can still use it.
  assert.ok(
    (await respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW })).AuthenticationResult,
  );
});

test('a missing NEW_PASSWORD is InvalidParameterException', async () => {
  const { username, res } = await invited();
  await rejects(
    respond(res.Session, { USERNAME: username }),
    'InvalidParameterException',
    /NEW_PASSWORD/,
  );
});

test('required attributes the user lacks are asked for and must be given', async () => {
  const p = await passwordPool(t, {
    Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }],
  });
  const { username, res } = await invited(p.poolId, p.clientId, false);
  assert.equal(res.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.deepEqual(JSON.parse(res.ChallengeParameters?.requiredAttributes ?? ''), [
    'userAttributes.name',
  ]);
  await rejects(
    respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW }, p.clientId),
    'InvalidParameterException',
    /name/,
  );
  const done = await respond(
    res.Session,
    { USERNAME: username, NEW_PASSWORD: NEW, 'userAttributes.name': 'Given Name' },
    p.clientId,
  );
  assert.equal(claims(done.AuthenticationResult?.IdToken as string).name, 'Given Name');
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: p.poolId, Username: username }),
  );
  assert.equal(attrMap(user.UserAttributes).name, 'Given Name');
});

test('a ChallengeName outside the enum is InvalidParameterException before anything is looked up', async () => {
  const { username, res } = await invited();
  const answer = { USERNAME: username, NEW_PASSWORD: NEW };
  await rejects(
    respond(res.Session, answer, clientId, 'NEW_PASSWORD'),
    'InvalidParameterException',
    notAChallengeName('NEW_PASSWORD'),
  );
  // The model is checked first: an unknown client does not change the answer.
  await rejects(
    respond(res.Session, answer, 'nosuchclient0000000000000', 'new_password_required'),
    'InvalidParameterException',
    notAChallengeName('new_password_required'),
  );
  // The session was not looked at, so it still takes its answer.
  assert.ok((await respond(res.Session, answer)).AuthenticationResult?.AccessToken);
});

test('a ChallengeName the session is not waiting on is NotAuthorizedException', async () => {
  const { username, res } = await invited();
  // PASSWORD_VERIFIER has a module here, SMS_MFA not yet: both are another challenge's answer.
  await rejects(
    respond(
      res.Session,
      {
        USERNAME: username,
        PASSWORD_CLAIM_SIGNATURE: 'c2lnbmF0dXJl',
        PASSWORD_CLAIM_SECRET_BLOCK: res.Session as string,
        TIMESTAMP: 'Mon Jan 5 10:00:00 UTC 2026',
      },
      clientId,
      'PASSWORD_VERIFIER',
    ),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  await rejects(
    respond(res.Session, { USERNAME: username, SMS_MFA_CODE: '123456' }, clientId, 'SMS_MFA'),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
});

// Moves the server clock: keep last.
test('a session older than the client AuthSessionValidity is refused', async () => {
  const { username, res } = await invited();
  advanceClock(t, 3 * 60_000 + 1000);
  await rejects(
    respond(res.Session, { USERNAME: username, NEW_PASSWORD: NEW }),
    'NotAuthorizedException',
    'Invalid session for the user, session is expired.',
  );
});
