// VerifySoftwareToken: the code that proves an authenticator app holds the secret, for a
// signed-in user or during MFA_SETUP, and the MFA_SETUP answer that ends the sign-in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejects, signIn, startTestServer, type TestServer } from '../support/index.ts';
import { mfaPool, mfaUser, passwordAuth, respond, totpCode, wrongTotp } from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', totp: true }));
});
after(() => t.close());

const MISMATCH = 'Code mismatch and fail enable Software Token MFA';
const verify = (input: { AccessToken?: string; Session?: string; UserCode: string }) =>
  t.anon.send(new VerifySoftwareTokenCommand({ FriendlyDeviceName: 'phone', ...input }));

async function associated() {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  const { SecretCode } = await t.anon.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  return { username, AccessToken, secret: SecretCode as string };
}

test('the right code verifies the app: SUCCESS, and no Session for a signed-in user', async () => {
  const { AccessToken, secret } = await associated();
  const res = await verify({ AccessToken, UserCode: totpCode(t, secret) });
  assert.equal(res.Status, 'SUCCESS');
  assert.equal(res.Session, undefined);
  // Nothing is pending any more: the same call again has nothing to verify.
  await rejects(
    verify({ AccessToken, UserCode: totpCode(t, secret, 1) }),
    'SoftwareTokenMFANotFoundException',
  );
});

test('a wrong code is EnableSoftwareTokenMFAException; the secret waits for the right one', async () => {
  const { AccessToken, secret } = await associated();
  await rejects(
    verify({ AccessToken, UserCode: wrongTotp(t, secret) }),
    'EnableSoftwareTokenMFAException',
    MISMATCH,
  );
  const res = await verify({ AccessToken, UserCode: totpCode(t, secret, -1) });
  assert.equal(res.Status, 'SUCCESS');
});

test('codes outside one step of skew are refused', async () => {
  const { AccessToken, secret } = await associated();
  for (const steps of [-3, 3]) {
    await rejects(
      verify({ AccessToken, UserCode: totpCode(t, secret, steps) }),
      'EnableSoftwareTokenMFAException',
    );
  }
});

test('nothing associated, or a malformed code', async () => {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  await rejects(verify({ AccessToken, UserCode: '123456' }), 'SoftwareTokenMFANotFoundException');
  await rejects(
    verify({ AccessToken, UserCode: '12345' }),
    'InvalidParameterException',
    "1 validation error detected: Value '12345' at 'userCode' failed to satisfy constraint: Member must have length greater than or equal to 6",
  );
  await rejects(
    verify({ AccessToken, UserCode: 'abcdef' }),
    'InvalidParameterException',
    /Value 'abcdef' at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: \[0-9\]\+/,
  );
  await rejects(verify({ UserCode: '123456' }), 'InvalidParameterException');
});

/** A user of an MFA ON pool (authenticator apps only) at MFA_SETUP. */
async function atSetup() {
  const setup = await mfaPool(t, { mode: 'ON', totp: true });
  const { username } = await mfaUser(t, setup.poolId, { phone: false });
  const res = await passwordAuth(t, setup.clientId, username);
  assert.equal(res.ChallengeName, 'MFA_SETUP');
  assert.deepEqual(res.ChallengeParameters, {
    MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]',
    USER_ID_FOR_SRP: username,
  });
  return { ...setup, username, session: res.Session as string };
}

test('MFA_SETUP: associate, verify, answer with the new Session, and TOTP is on', async () => {
  const { poolId: setupPool, clientId: setupClient, username, session } = await atSetup();
  const { SecretCode, Session } = await t.anon.send(
    new AssociateSoftwareTokenCommand({ Session: session }),
  );
  const verified = await verify({ Session, UserCode: totpCode(t, SecretCode as string) });
  assert.equal(verified.Status, 'SUCCESS');
  assert.ok(verified.Session && verified.Session !== Session);
  const done = await respond(t, setupClient, 'MFA_SETUP', verified.Session, { USERNAME: username });
  assert.ok(done.AuthenticationResult?.AccessToken);
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: setupPool, Username: username }),
  );
  assert.deepEqual(user.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
  assert.equal(user.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  // The next sign-in asks for the app's code.
  const next = await passwordAuth(t, setupClient, username);
  assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
});

test('MFA_SETUP: answering before the app is verified changes nothing', async () => {
  const { clientId: setupClient, username, session } = await atSetup();
  await rejects(
    respond(t, setupClient, 'MFA_SETUP', session, { USERNAME: username }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
  await rejects(
    verify({ Session: session, UserCode: '123456' }),
    'SoftwareTokenMFANotFoundException',
  );
  const { SecretCode } = await t.anon.send(new AssociateSoftwareTokenCommand({ Session: session }));
  assert.ok(SecretCode);
});

test('MFA_SETUP: three codes per session, wrong ones answer EnableSoftwareTokenMFAException', async () => {
  const { session } = await atSetup();
  const { SecretCode, Session } = await t.anon.send(
    new AssociateSoftwareTokenCommand({ Session: session }),
  );
  const secret = SecretCode as string;
  for (let i = 0; i < 3; i++) {
    await rejects(
      verify({ Session, UserCode: wrongTotp(t, secret) }),
      'EnableSoftwareTokenMFAException',
      MISMATCH,
    );
  }
  await rejects(
    verify({ Session, UserCode: totpCode(t, secret) }),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
});

test('MFA_SETUP: a verified Session sets up nothing more', async () => {
  const { session } = await atSetup();
  const { SecretCode, Session } = await t.anon.send(
    new AssociateSoftwareTokenCommand({ Session: session }),
  );
  const verified = await verify({ Session, UserCode: totpCode(t, SecretCode as string) });
  await rejects(
    t.anon.send(new AssociateSoftwareTokenCommand({ Session: verified.Session })),
    'NotAuthorizedException',
    'Invalid session for the user.',
  );
});
