// aws-amplify v6 remembering a device against a real server: signIn confirms the device it is
// given (ConfirmDevice), rememberDevice / fetchDevices / forgetDevice, the next signIn proves the
// device with DEVICE_SRP_AUTH, and a refresh sends its key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import {
  fetchAuthSession,
  fetchDevices,
  forgetDevice,
  rememberDevice,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { devicePool } from '../support/devices.ts';
import {
  createConfirmed,
  PASSWORD,
  spyOnCognito,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let spy: ReturnType<typeof spyOnCognito>;
let poolId: string;
let clientId: string;

before(async () => {
  // v6 names the device after navigator's user agent and, where it cannot (Node 20 has no
  // navigator), skips ConfirmDevice without a word; a browser always has one.
  if (typeof navigator === 'undefined') {
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: 'Cognate test browser' },
      configurable: true,
    });
  }
  t = await startTestServer();
  spy = spyOnCognito(t.url);
  ({ poolId, clientId } = await devicePool(t, {
    ChallengeRequiredOnNewDevice: true,
    DeviceOnlyRememberedOnUserPrompt: true,
  }));
  Amplify.configure({
    Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: t.url } },
  });
});
after(async () => {
  spy?.restore();
  await t?.close();
});

const challenges = () =>
  spy.calls.filter((c) => c.op === 'RespondToAuthChallenge').map((c) => c.input.ChallengeName);

test('signIn confirms the device; remember, fetch, refresh, sign in with it, forget', async () => {
  const username = unique('v6dev');
  await createConfirmed(t, poolId, username);

  spy.clear();
  const first = await signIn({ username, password: PASSWORD });
  assert.equal(first.isSignedIn, true);
  const confirm = spy.last('ConfirmDevice');
  assert.ok(confirm, 'the library confirms the new device');
  const deviceKey = confirm.input.DeviceKey as string;

  await rememberDevice();
  const devices = await fetchDevices();
  assert.deepEqual(
    devices.map((d) => d.id),
    [deviceKey],
  );
  assert.equal(devices[0].attributes['dev:device_remembered_status'], 'remembered');
  assert.ok(devices[0].createDate instanceof Date);

  spy.clear();
  await fetchAuthSession({ forceRefresh: true });
  const refresh = spy.last('GetTokensFromRefreshToken');
  assert.equal(refresh?.input.DeviceKey, deviceKey, 'a refresh names the device');
  assert.equal(refresh?.status, 200);

  await signOut();
  spy.clear();
  const again = await signIn({ username, password: PASSWORD });
  assert.equal(again.isSignedIn, true);
  assert.deepEqual(challenges(), [
    'PASSWORD_VERIFIER',
    'DEVICE_SRP_AUTH',
    'DEVICE_PASSWORD_VERIFIER',
  ]);
  assert.ok(!spy.ops().includes('ConfirmDevice'), 'a known device is not confirmed again');

  await forgetDevice();
  assert.deepEqual(await fetchDevices(), []);
  await signOut();
  spy.clear();
  const fresh = await signIn({ username, password: PASSWORD });
  assert.equal(fresh.isSignedIn, true);
  assert.deepEqual(challenges(), ['PASSWORD_VERIFIER'], 'the forgotten key is not sent');
  assert.notEqual(spy.last('ConfirmDevice')?.input.DeviceKey, deviceKey, 'a new device');
});
