// amazon-cognito-identity-js against the server: USER_SRP_AUTH then MFA through its callbacks
// (totpRequired, mfaRequired, selectMFAType, mfaSetup), and setting MFA up on a CognitoUser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AdminSetUserMFAPreferenceCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { claims, PASSWORD, rejects, startTestServer, type TestServer } from '../support/index.ts';
import { lastMessage, mfaPool, mfaUser, totpCode, wrongTotp } from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
let pool: CognitoUserPool;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', sms: true, totp: true }));
  pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: t.url });
});
after(() => t.close());

/** Where authenticateUser stopped: a session, or the callback it called with its arguments. */
type Step =
  | { kind: 'session'; session: CognitoUserSession }
  | {
      kind: 'totpRequired' | 'mfaRequired' | 'selectMFAType' | 'mfaSetup';
      name: string;
      params: Record<string, string>;
    };

/** Callbacks that settle a promise with whichever of them identity-js calls. */
function callbacks(resolve: (s: Step) => void, reject: (e: unknown) => void) {
  const stop =
    (kind: Exclude<Step['kind'], 'session'>) => (name: string, params: Record<string, string>) =>
      resolve({ kind, name, params });
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'session', session }),
    onFailure: reject,
    totpRequired: stop('totpRequired'),
    mfaRequired: stop('mfaRequired'),
    selectMFAType: stop('selectMFAType'),
    mfaSetup: stop('mfaSetup'),
  };
}

function authenticate(user: CognitoUser, username: string): Promise<Step> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: username, Password: PASSWORD }),
      callbacks(resolve, reject),
    ),
  );
}

function sendCode(user: CognitoUser, code: string, type?: string): Promise<Step> {
  return new Promise((resolve, reject) => user.sendMFACode(code, callbacks(resolve, reject), type));
}

function session(step: Step): CognitoUserSession {
  assert.equal(step.kind, 'session');
  return (step as { session: CognitoUserSession }).session;
}

/** A signed-in CognitoUser (no MFA asked yet). */
async function signedIn(username: string) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  session(await authenticate(user, username));
  return user;
}

/** Sets up and turns on the authenticator app of a signed-in CognitoUser; returns the secret. */
async function setUpTotp(user: CognitoUser): Promise<string> {
  const secret = await new Promise<string>((resolve, reject) =>
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
  await new Promise((resolve, reject) =>
    user.verifySoftwareToken(totpCode(t, secret), 'test phone', {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
  await new Promise((resolve, reject) =>
    user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
  return secret;
}

test('SRP sign-in, then totpRequired; sendMFACode with the app code gives the session', async () => {
  const { username } = await mfaUser(t, poolId);
  const secret = await setUpTotp(await signedIn(username));
  const user = new CognitoUser({ Username: username, Pool: pool });
  const step = await authenticate(user, username);
  assert.equal(step.kind, 'totpRequired');
  assert.equal((step as { name: string }).name, 'SOFTWARE_TOKEN_MFA');
  await rejects(
    sendCode(user, wrongTotp(t, secret), 'SOFTWARE_TOKEN_MFA'),
    'CodeMismatchException',
    {
      code: true,
    },
  );
  const done = session(await sendCode(user, totpCode(t, secret, 1), 'SOFTWARE_TOKEN_MFA'));
  assert.equal(claims(done.getAccessToken().getJwtToken()).username, username);
});

test('mfaRequired for SMS: the code from the dev outbox', async () => {
  const { username, phone } = await mfaUser(t, poolId);
  await t.admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true },
    }),
  );
  const user = new CognitoUser({ Username: username, Pool: pool });
  const step = await authenticate(user, username);
  assert.equal(step.kind, 'mfaRequired');
  const params = (step as { params: Record<string, string> }).params;
  assert.equal(params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  assert.equal(params.CODE_DELIVERY_DESTINATION, `+*******${(phone as string).slice(-4)}`);
  const code = (await lastMessage(t, phone as string)).code as string;
  assert.ok(session(await sendCode(user, code)).isValid());
});

test('selectMFAType, then sendMFASelectionAnswer, then the chosen factor', async () => {
  const { username } = await mfaUser(t, poolId);
  const signed = await signedIn(username);
  const secret = await setUpTotp(signed);
  // Both factors on, none preferred.
  await t.admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true, PreferredMfa: false },
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
    }),
  );
  const user = new CognitoUser({ Username: username, Pool: pool });
  const step = await authenticate(user, username);
  assert.equal(step.kind, 'selectMFAType');
  assert.deepEqual(
    JSON.parse((step as { params: Record<string, string> }).params.MFAS_CAN_CHOOSE),
    ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
  );
  const chosen = await new Promise<Step>((resolve, reject) =>
    user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', callbacks(resolve, reject)),
  );
  assert.equal(chosen.kind, 'totpRequired');
  assert.ok(session(await sendCode(user, totpCode(t, secret, 1), 'SOFTWARE_TOKEN_MFA')).isValid());
});

test('mfaSetup: associateSoftwareToken and verifySoftwareToken on the Session sign in', async () => {
  const on = await mfaPool(t, { mode: 'ON', totp: true });
  const onPool = new CognitoUserPool({
    UserPoolId: on.poolId,
    ClientId: on.clientId,
    endpoint: t.url,
  });
  const { username } = await mfaUser(t, on.poolId, { phone: false });
  const user = new CognitoUser({ Username: username, Pool: onPool });
  const step = await authenticate(user, username);
  assert.equal(step.kind, 'mfaSetup');
  assert.equal(
    (step as { params: Record<string, string> }).params.MFAS_CAN_SETUP,
    '["SOFTWARE_TOKEN_MFA"]',
  );
  const secret = await new Promise<string>((resolve, reject) =>
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
  const signedInSession = await new Promise<CognitoUserSession>((resolve, reject) =>
    user.verifySoftwareToken(totpCode(t, secret), 'test phone', {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
  assert.ok(signedInSession.isValid());
  // From now on the app's code is asked.
  const again = new CognitoUser({ Username: username, Pool: onPool });
  const next = await authenticate(again, username);
  assert.equal(next.kind, 'totpRequired');
  assert.ok(session(await sendCode(again, totpCode(t, secret, 1), 'SOFTWARE_TOKEN_MFA')).isValid());
});

test('getUserData and getMFAOptions report the settings; disableMFA turns SMS off', async () => {
  const { username } = await mfaUser(t, poolId);
  const user = await signedIn(username);
  await new Promise((resolve, reject) =>
    user.enableMFA((err, res) => (err ? reject(err) : resolve(res))),
  );
  const options = await new Promise((resolve, reject) =>
    user.getMFAOptions((err, res) => (err ? reject(err) : resolve(res))),
  );
  assert.deepEqual(options, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  await new Promise((resolve, reject) =>
    user.setUserMfaPreference({ Enabled: true, PreferredMfa: true }, null, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
  const data = await new Promise<Record<string, unknown>>((resolve, reject) =>
    user.getUserData((err, res) => (err ? reject(err) : resolve(res as never)), {
      bypassCache: true,
    }),
  );
  assert.equal(data.PreferredMfaSetting, 'SMS_MFA');
  assert.deepEqual(data.UserMFASettingList, ['SMS_MFA']);
  await new Promise((resolve, reject) =>
    user.disableMFA((err, res) => (err ? reject(err) : resolve(res))),
  );
  const after = await new Promise<Record<string, unknown>>((resolve, reject) =>
    user.getUserData((err, res) => (err ? reject(err) : resolve(res as never)), {
      bypassCache: true,
    }),
  );
  assert.equal(after.MFAOptions, undefined);
  assert.deepEqual(after.UserMFASettingList, []);
});
