// Remembered devices with MFA: a pool with MFA ON and authenticator apps, where a remembered
// device proven with DEVICE_SRP_AUTH skips SOFTWARE_TOKEN_MFA, and any other device signs in with
// the code. Through the AWS SDK and amazon-cognito-identity-js (totpRequired, sendMFACode).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ConfirmDeviceCommand,
  type DeviceConfigurationType,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  answerDeviceSrp,
  deviceSecret,
  type HeldDevice,
  passwordSignIn,
} from '../support/devices.ts';
import {
  advanceClock,
  memoryStorage,
  PASSWORD,
  rejects,
  spyOnCognito,
  startTestServer,
  type TestServer,
} from '../support/index.ts';
import { mfaConfig, mfaPool, mfaUser, respond, totpCode, verifiedTotp } from './mfa-helpers.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

/**
 * A pool with MFA ON (authenticator apps) that tracks devices, and a user whose app is verified
 * and preferred. MFA is turned ON once the user has the app, as a team would do it.
 */
async function setup(device: DeviceConfigurationType = { ChallengeRequiredOnNewDevice: true }) {
  const { poolId, clientId } = await mfaPool(t, {
    mode: 'OPTIONAL',
    totp: true,
    pool: { DeviceConfiguration: device },
  });
  const { username } = await mfaUser(t, poolId);
  const { secret, accessToken } = await verifiedTotp(t, clientId, username);
  await t.anon.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  await t.admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      ...mfaConfig({ mode: 'ON', totp: true }),
    }),
  );
  return { poolId, clientId, username, secret };
}

/** The next authenticator code: each code is taken once, so the clock moves a step first. */
function nextCode(secret: string) {
  advanceClock(t, 30_000);
  return totpCode(t, secret);
}

/** A first sign-in on a new device: the app code, then ConfirmDevice. */
async function rememberWithMfa(s: Awaited<ReturnType<typeof setup>>) {
  const res = await passwordSignIn(t, s.clientId, s.username);
  assert.equal(res.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  const done = await respond(t, s.clientId, 'SOFTWARE_TOKEN_MFA', res.Session, {
    USERNAME: s.username,
    SOFTWARE_TOKEN_MFA_CODE: nextCode(s.secret),
  });
  const result = done.AuthenticationResult;
  const meta = result?.NewDeviceMetadata;
  assert.ok(
    result?.AccessToken && meta?.DeviceKey && meta.DeviceGroupKey,
    'tokens and a new device',
  );
  const { config, password } = await deviceSecret(meta.DeviceGroupKey, meta.DeviceKey);
  await t.anon.send(
    new ConfirmDeviceCommand({
      AccessToken: result.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: config,
    }),
  );
  const device: HeldDevice = { key: meta.DeviceKey, groupKey: meta.DeviceGroupKey, password };
  return { device, accessToken: result.AccessToken };
}

describe('AWS SDK', () => {
  test('a remembered device skips SOFTWARE_TOKEN_MFA', async () => {
    const s = await setup();
    const { device } = await rememberWithMfa(s);
    const first = await passwordSignIn(t, s.clientId, s.username, device.key);
    assert.equal(first.ChallengeName, 'DEVICE_SRP_AUTH', 'the device, not the app code');
    const { send } = await answerDeviceSrp(
      t,
      s.clientId,
      s.username,
      device,
      first.Session as string,
    );
    const done = await send();
    assert.ok(done.AuthenticationResult?.AccessToken, 'tokens without an app code');
    assert.equal(done.AuthenticationResult.NewDeviceMetadata, undefined);
  });

  test('a device that is not remembered asks the code, and tokens follow it', async () => {
    const s = await setup();
    const { device, accessToken } = await rememberWithMfa(s);
    await t.anon.send(
      new UpdateDeviceStatusCommand({
        AccessToken: accessToken,
        DeviceKey: device.key,
        DeviceRememberedStatus: 'not_remembered',
      }),
    );
    const first = await passwordSignIn(t, s.clientId, s.username, device.key);
    assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const done = await respond(t, s.clientId, 'SOFTWARE_TOKEN_MFA', first.Session, {
      USERNAME: s.username,
      SOFTWARE_TOKEN_MFA_CODE: nextCode(s.secret),
      DEVICE_KEY: device.key,
    });
    // The code proved more than the device would: no device step after it.
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal(done.AuthenticationResult.NewDeviceMetadata, undefined, 'the device is known');
  });

  test('without ChallengeRequiredOnNewDevice a remembered device does not stand in for MFA', async () => {
    const s = await setup({ ChallengeRequiredOnNewDevice: false });
    const { device } = await rememberWithMfa(s);
    const first = await passwordSignIn(t, s.clientId, s.username, device.key);
    assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const afterCode = await respond(t, s.clientId, 'SOFTWARE_TOKEN_MFA', first.Session, {
      USERNAME: s.username,
      SOFTWARE_TOKEN_MFA_CODE: nextCode(s.secret),
    });
    assert.ok(afterCode.AuthenticationResult?.AccessToken);
  });

  test('a wrong device proof skips nothing', async () => {
    const s = await setup();
    const { device } = await rememberWithMfa(s);
    const first = await passwordSignIn(t, s.clientId, s.username, device.key);
    const { send } = await answerDeviceSrp(
      t,
      s.clientId,
      s.username,
      device,
      first.Session as string,
      {
        password: 'guessed',
      },
    );
    await rejects(send(), 'NotAuthorizedException', 'Incorrect username or password.');
    // Device tracking off for the pool: the device key is ignored and MFA is asked as usual.
    await t.admin.send(new UpdateUserPoolCommand({ UserPoolId: s.poolId, MfaConfiguration: 'ON' }));
    const plain = await passwordSignIn(t, s.clientId, s.username, device.key);
    assert.equal(plain.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  });
});

describe('amazon-cognito-identity-js', () => {
  let spy: ReturnType<typeof spyOnCognito>;
  before(() => {
    spy = spyOnCognito(t.url);
  });
  after(() => spy.restore());

  /** authenticateUser, answering the app's code when totpRequired asks it. */
  function signIn(user: CognitoUser, username: string, secret: string) {
    let asked = 0;
    return new Promise<{ session: CognitoUserSession; asked: number }>((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: CognitoUserSession) => resolve({ session, asked }),
        onFailure: reject,
        totpRequired: () => {
          asked += 1;
          user.sendMFACode(nextCode(secret), callbacks, 'SOFTWARE_TOKEN_MFA');
        },
      };
      user.authenticateUser(
        new AuthenticationDetails({ Username: username, Password: PASSWORD }),
        callbacks,
      );
    });
  }

  async function clientFor(s: Awaited<ReturnType<typeof setup>>) {
    const storage = memoryStorage();
    const pool = new CognitoUserPool({
      UserPoolId: s.poolId,
      ClientId: s.clientId,
      endpoint: t.url,
      Storage: storage,
    });
    return () => new CognitoUser({ Username: s.username, Pool: pool, Storage: storage });
  }

  const challenges = () =>
    spy.calls.filter((c) => c.op === 'RespondToAuthChallenge').map((c) => c.input.ChallengeName);

  test('totpRequired once, then the remembered device signs in without it', async () => {
    const s = await setup();
    const user = await clientFor(s);
    spy.clear();
    const first = await signIn(user(), s.username, s.secret);
    assert.equal(first.asked, 1);
    assert.ok(spy.ops().includes('ConfirmDevice'), 'the library confirms the new device');
    spy.clear();
    const second = await signIn(user(), s.username, s.secret);
    assert.equal(second.asked, 0, 'no app code on the remembered device');
    assert.deepEqual(challenges(), [
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
  });

  test('a device the user did not choose to remember still asks the code', async () => {
    const s = await setup({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    });
    const user = await clientFor(s);
    await signIn(user(), s.username, s.secret);
    spy.clear();
    const again = await signIn(user(), s.username, s.secret);
    assert.equal(again.asked, 1);
    assert.deepEqual(challenges(), ['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
    assert.ok(!spy.ops().includes('ConfirmDevice'), 'the device is known');
  });
});
