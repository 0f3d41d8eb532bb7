// AssociateSoftwareToken: a secret for an authenticator app, for a signed-in user (access token)
// or during MFA_SETUP (the sign-in's Session).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AssociateSoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import { mfaPool, mfaUser, passwordAuth, respond, totpCode, verifiedTotp } from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', totp: true }));
});
after(() => t.close());

const associate = (input: { AccessToken?: string; Session?: string }) =>
  t.anon.send(new AssociateSoftwareTokenCommand(input));

test('a signed-in user gets a base32 secret, a new one each time, and no Session', async () => {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  const first = await associate({ AccessToken });
  assert.match(first.SecretCode ?? '', /^[A-Z2-7]{52}$/);
  assert.equal(first.Session, undefined);
  const second = await associate({ AccessToken });
  assert.notEqual(second.SecretCode, first.SecretCode);
});

test('a pool without authenticator MFA answers SoftwareTokenMFANotFoundException', async () => {
  const plain = await passwordPool(t);
  const name = unique();
  await signUpConfirmed(t, plain.clientId, name);
  const { AccessToken } = await signIn(t, plain.clientId, name);
  await rejects(
    associate({ AccessToken }),
    'SoftwareTokenMFANotFoundException',
    'Software Token MFA has not been enabled by the userPool.',
  );
  const smsOnly = await mfaPool(t, { mode: 'OPTIONAL', sms: true });
  const user = await mfaUser(t, smsOnly.poolId);
  const token = (await signIn(t, smsOnly.clientId, user.username)).AccessToken;
  await rejects(associate({ AccessToken: token }), 'SoftwareTokenMFANotFoundException');
});

test('an access token or a Session, exactly one, and a valid one', async () => {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  await rejects(
    associate({}),
    'InvalidParameterException',
    /Exactly one of AccessToken and Session/,
  );
  await rejects(
    associate({ AccessToken, Session: 'x'.repeat(40) }),
    'InvalidParameterException',
    /Exactly one of AccessToken and Session/,
  );
  await rejects(associate({ AccessToken: 'not.a.token' }), 'NotAuthorizedException');
  await rejects(
    associate({ Session: 'bm90LWEtc2Vzc2lvbi1hdC1hbGwtMDAwMDAwMDAwMDAw' }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  // The session of a challenge other than MFA_SETUP sets nothing up.
  const { secret, accessToken } = await verifiedTotp(t, clientId, username);
  await t.anon.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true },
    }),
  );
  const challenge = await passwordAuth(t, clientId, username);
  assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  await rejects(
    associate({ Session: challenge.Session }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  // …and that session still signs in.
  const done = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
  });
  assert.ok(done.AuthenticationResult);
});

test('a new secret does not replace a verified one until it is verified', async () => {
  const { username } = await mfaUser(t, poolId);
  const { secret, accessToken } = await verifiedTotp(t, clientId, username);
  await t.anon.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true },
    }),
  );
  await associate({ AccessToken: accessToken });
  const challenge = await passwordAuth(t, clientId, username);
  const done = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
  });
  assert.ok(done.AuthenticationResult);
});

test('during MFA_SETUP the Session gets a secret and moves to a new Session', async () => {
  const setup = await mfaPool(t, { mode: 'ON', totp: true });
  const { username } = await mfaUser(t, setup.poolId, { phone: false });
  const res = await passwordAuth(t, setup.clientId, username);
  assert.equal(res.ChallengeName, 'MFA_SETUP');
  const out = await associate({ Session: res.Session });
  assert.match(out.SecretCode ?? '', /^[A-Z2-7]{52}$/);
  assert.ok(out.Session && out.Session !== res.Session);
  // The first Session is used up.
  await rejects(associate({ Session: res.Session }), 'NotAuthorizedException');
  // An expired one sets nothing up.
  const late = await passwordAuth(t, setup.clientId, username);
  advanceClock(t, 3 * 60_000 + 1000);
  await rejects(
    associate({ Session: late.Session }),
    'NotAuthorizedException',
    'Invalid session for the user, session is expired.',
  );
});

test('an MFA_SETUP that does not offer authenticator apps sets none up', async () => {
  const smsOnly = await mfaPool(t, { mode: 'ON', sms: true });
  const { username } = await mfaUser(t, smsOnly.poolId, { phone: false });
  const res = await passwordAuth(t, smsOnly.clientId, username);
  assert.equal(res.ChallengeName, 'MFA_SETUP');
  assert.equal(res.ChallengeParameters?.MFAS_CAN_SETUP, '["SMS_MFA"]');
  await rejects(
    associate({ Session: res.Session }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
});
