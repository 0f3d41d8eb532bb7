// amazon-cognito-identity-js remembering a device against a real server: authenticateUser
// confirms the NewDeviceMetadata it gets (ConfirmDevice), keeps the device in its storage, and
// the next authenticateUser goes through DEVICE_SRP_AUTH itself; refresh sends the DEVICE_KEY; a
// forgotten device is dropped and replaced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { devicePool } from '../support/devices.ts';
import {
  createConfirmed,
  memoryStorage,
  PASSWORD,
  spyOnCognito,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

interface Signed {
  session: CognitoUserSession;
  userConfirmationNecessary?: boolean;
}

function authenticate(user: CognitoUser, username: string): Promise<Signed> {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onSuccess: (session, userConfirmationNecessary) =>
        resolve({ session, userConfirmationNecessary }),
      onFailure: reject,
    });
  });
}

function callback<T>(
  fn: (cb: { onSuccess: (r: T) => void; onFailure: (e: Error) => void }) => void,
) {
  return new Promise<T>((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));
}

describe('amazon-cognito-identity-js device remembering', () => {
  let t: TestServer;
  let spy: ReturnType<typeof spyOnCognito>;

  before(async () => {
    t = await startTestServer();
    spy = spyOnCognito(t.url);
  });
  after(async () => {
    spy?.restore();
    await t?.close();
  });

  /** A user of a device-tracking pool, and a way to make CognitoUsers sharing one storage. */
  async function setup(device: {
    ChallengeRequiredOnNewDevice?: boolean;
    DeviceOnlyRememberedOnUserPrompt?: boolean;
  }) {
    const { poolId, clientId } = await devicePool(t, device);
    const username = unique('ijsdev');
    await createConfirmed(t, poolId, username);
    const storage = memoryStorage();
    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: t.url,
      Storage: storage,
    });
    const user = () => new CognitoUser({ Username: username, Pool: pool, Storage: storage });
    const stored = (name: string) =>
      storage.getItem(`CognitoIdentityServiceProvider.${clientId}.${username}.${name}`);
    return { poolId, clientId, username, user, stored };
  }

  /** The ChallengeName of each RespondToAuthChallenge since the spy was cleared. */
  const challenges = () =>
    spy.calls.filter((c) => c.op === 'RespondToAuthChallenge').map((c) => c.input.ChallengeName);

  test('the first sign-in confirms the device; the next proves it with device SRP', async () => {
    const s = await setup({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    });
    spy.clear();
    const first = s.user();
    const signed = await authenticate(first, s.username);
    assert.equal(signed.userConfirmationNecessary, true, 'the pool remembers on user prompt');
    assert.deepEqual(spy.ops(), ['InitiateAuth', 'RespondToAuthChallenge', 'ConfirmDevice']);
    const deviceKey = s.stored('deviceKey');
    assert.ok(deviceKey && s.stored('deviceGroupKey') && s.stored('randomPasswordKey'));
    assert.equal(spy.last('ConfirmDevice')?.input.DeviceKey, deviceKey);

    // The user says yes: remember it.
    await callback<string>((cb) => first.setDeviceStatusRemembered(cb));
    // The library types GetDevice's answer as a string; it passes the response object on.
    const got = (await callback<string>((cb) => first.getDevice(cb))) as unknown as {
      Device: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] };
    };
    assert.equal(got.Device.DeviceKey, deviceKey);
    const attrs = Object.fromEntries(got.Device.DeviceAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attrs['dev:device_remembered_status'], 'remembered');
    assert.ok(attrs.device_name, 'named after the client (its user agent)');
    const listed = await callback<{ Devices: { DeviceKey: string }[] }>((cb) =>
      first.listDevices(10, null, cb),
    );
    assert.deepEqual(
      listed.Devices.map((d) => d.DeviceKey),
      [deviceKey],
    );

    spy.clear();
    const second = s.user();
    const again = await authenticate(second, s.username);
    assert.equal(again.userConfirmationNecessary, undefined);
    assert.deepEqual(challenges(), [
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    assert.ok(!spy.ops().includes('ConfirmDevice'), 'a known device is not confirmed again');
    // The client learns its device key for the user from USER_ID_FOR_SRP: it comes with
    // the PASSWORD_VERIFIER answer.
    const verifier = spy.calls[1].input.ChallengeResponses as Record<string, string>;
    assert.equal(verifier.DEVICE_KEY, deviceKey);

    // Refreshing sends the device key, and works.
    spy.clear();
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      second.refreshSession(again.session.getRefreshToken(), (err, session) =>
        err ? reject(err) : resolve(session),
      ),
    );
    assert.ok(refreshed.getAccessToken().getJwtToken());
    const auth = spy.last('InitiateAuth')?.input.AuthParameters as Record<string, string>;
    assert.equal(auth.DEVICE_KEY, deviceKey);
  });

  test('USER_PASSWORD_AUTH goes through DEVICE_SRP_AUTH too', async () => {
    const s = await setup({ ChallengeRequiredOnNewDevice: true });
    const first = s.user();
    first.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const signed = await authenticate(first, s.username);
    assert.equal(signed.userConfirmationNecessary, undefined, 'always remembered');
    spy.clear();
    const second = s.user();
    second.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    await authenticate(second, s.username);
    const init = spy.last('InitiateAuth')?.input.AuthParameters as Record<string, string>;
    assert.equal(init.DEVICE_KEY, s.stored('deviceKey'));
    assert.deepEqual(challenges(), ['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
  });

  test('a device forgotten elsewhere is dropped: the client signs in again and gets a new one', async () => {
    const s = await setup({ ChallengeRequiredOnNewDevice: true });
    await authenticate(s.user(), s.username);
    const old = s.stored('deviceKey');
    assert.ok(old);
    await t.admin.send(
      new AdminForgetDeviceCommand({ UserPoolId: s.poolId, Username: s.username, DeviceKey: old }),
    );
    spy.clear();
    await authenticate(s.user(), s.username);
    const answers = spy.calls.filter((c) => c.op === 'RespondToAuthChallenge');
    assert.equal(answers[0].error, 'ResourceNotFoundException', 'the forgotten key is refused');
    assert.equal(answers[1].status, 200, 'the same answer without it succeeds');
    assert.ok(spy.ops().includes('ConfirmDevice'));
    const fresh = s.stored('deviceKey');
    assert.ok(fresh && fresh !== old);
    const listed = await t.admin.send(
      new AdminListDevicesCommand({ UserPoolId: s.poolId, Username: s.username }),
    );
    assert.deepEqual(
      listed.Devices?.map((d) => d.DeviceKey),
      [fresh],
    );
  });

  test('forgetDevice forgets the current device and clears it from storage', async () => {
    const s = await setup({ ChallengeRequiredOnNewDevice: true });
    const user = s.user();
    await authenticate(user, s.username);
    assert.ok(s.stored('deviceKey'));
    await callback<string>((cb) => user.forgetDevice(cb));
    assert.equal(s.stored('deviceKey'), null);
    const listed = await t.admin.send(
      new AdminListDevicesCommand({ UserPoolId: s.poolId, Username: s.username }),
    );
    assert.deepEqual(listed.Devices, []);
  });
});
