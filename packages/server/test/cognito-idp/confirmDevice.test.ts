// ConfirmDevice: the device a sign-in issued gets the verifier its client made, is remembered at
// once or on the user's word, and nothing else can confirm it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  ConfirmDeviceCommand,
  type ConfirmDeviceRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { devicePool, deviceSecret, deviceSignIn, passwordSignIn } from '../support/devices.ts';
import {
  attrMap,
  createConfirmed,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let always: { poolId: string; clientId: string };
let onPrompt: { poolId: string; clientId: string };
before(async () => {
  t = await startTestServer();
  always = await devicePool(t, { ChallengeRequiredOnNewDevice: true });
  onPrompt = await devicePool(t, {
    ChallengeRequiredOnNewDevice: true,
    DeviceOnlyRememberedOnUserPrompt: true,
  });
});
after(() => t.close());

/** A user of `pool` signed in once: its access token and the device the sign-in issued. */
async function issued(pool: { poolId: string; clientId: string }) {
  const username = unique('cd');
  await createConfirmed(t, pool.poolId, username);
  const res = await passwordSignIn(t, pool.clientId, username);
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.NewDeviceMetadata?.DeviceKey && r.NewDeviceMetadata.DeviceGroupKey);
  const secret = await deviceSecret(
    r.NewDeviceMetadata.DeviceGroupKey,
    r.NewDeviceMetadata.DeviceKey,
  );
  return {
    ...pool,
    username,
    accessToken: r.AccessToken,
    key: r.NewDeviceMetadata.DeviceKey,
    groupKey: r.NewDeviceMetadata.DeviceGroupKey,
    ...secret,
  };
}

const confirm = (input: Partial<ConfirmDeviceRequest>) =>
  t.anon.send(new ConfirmDeviceCommand(input as ConfirmDeviceRequest));

const listed = async (poolId: string, username: string) =>
  (
    await t.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: username }))
  ).Devices?.map((d) => d.DeviceKey);

const statusOf = async (d: { poolId: string; username: string; key: string }) => {
  const res = await t.admin.send(
    new AdminGetDeviceCommand({ UserPoolId: d.poolId, Username: d.username, DeviceKey: d.key }),
  );
  return attrMap(res.Device?.DeviceAttributes);
};

test('the device is remembered at once and signs in with its secret', async () => {
  const d = await issued(always);
  assert.deepEqual(await listed(d.poolId, d.username), [], 'not tracked before ConfirmDevice');
  const res = await confirm({
    AccessToken: d.accessToken,
    DeviceKey: d.key,
    DeviceSecretVerifierConfig: d.config,
    DeviceName: 'Ada’s laptop',
  });
  assert.equal(res.UserConfirmationNecessary, false);
  assert.deepEqual(await listed(d.poolId, d.username), [d.key]);
  const attrs = await statusOf(d);
  assert.equal(attrs.device_name, 'Ada’s laptop');
  assert.equal(attrs['dev:device_remembered_status'], 'remembered');
  const device = { key: d.key, groupKey: d.groupKey, password: d.password };
  assert.ok(await deviceSignIn(t, d.clientId, d.username, device));
});

test('with DeviceOnlyRememberedOnUserPrompt the user must say so', async () => {
  const d = await issued(onPrompt);
  const res = await confirm({
    AccessToken: d.accessToken,
    DeviceKey: d.key,
    DeviceSecretVerifierConfig: d.config,
  });
  assert.equal(res.UserConfirmationNecessary, true);
  const attrs = await statusOf(d);
  assert.equal(attrs['dev:device_remembered_status'], 'not_remembered');
  assert.equal(attrs.device_name, undefined, 'no name given');
});

test("another user's token, or a key no sign-in issued, changes nothing", async () => {
  const d = await issued(always);
  const other = await issued(always);
  for (const [token, key] of [
    [other.accessToken, d.key],
    [d.accessToken, 'us-east-1_00000000-0000-0000-0000-000000000000'],
  ]) {
    await rejects(
      confirm({ AccessToken: token, DeviceKey: key, DeviceSecretVerifierConfig: d.config }),
      'InvalidParameterException',
      'Invalid device key given.',
    );
  }
  assert.deepEqual(await listed(d.poolId, d.username), []);
  assert.deepEqual(await listed(other.poolId, other.username), []);
  // The owner still confirms it.
  await confirm({
    AccessToken: d.accessToken,
    DeviceKey: d.key,
    DeviceSecretVerifierConfig: d.config,
  });
  assert.deepEqual(await listed(d.poolId, d.username), [d.key]);
});

test('a verifier config SRP cannot run on is refused and changes nothing', async () => {
  const d = await issued(always);
  for (const config of [
    { Salt: d.config.Salt, PasswordVerifier: 'AA==' },
    { Salt: d.config.Salt, PasswordVerifier: 'AQ==' },
    { Salt: 'not base64!', PasswordVerifier: d.config.PasswordVerifier },
    { PasswordVerifier: d.config.PasswordVerifier },
    { Salt: d.config.Salt },
  ]) {
    await rejects(
      confirm({ AccessToken: d.accessToken, DeviceKey: d.key, DeviceSecretVerifierConfig: config }),
      'InvalidParameterException',
      'Invalid device secret verifier config.',
    );
  }
  assert.deepEqual(await listed(d.poolId, d.username), []);
});

test('the model is checked first: DeviceKey pattern, then the token', async () => {
  await rejects(
    confirm({ AccessToken: 'not.a.jwt', DeviceKey: 'no-underscore' }),
    'InvalidParameterException',
    "1 validation error detected: Value 'no-underscore' at 'deviceKey' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+",
  );
  await rejects(
    confirm({ AccessToken: 'not.a.jwt', DeviceKey: 'us-east-1_abc' }),
    'NotAuthorizedException',
    'Invalid Access Token',
  );
});
