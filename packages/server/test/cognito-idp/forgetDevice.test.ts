// ForgetDevice and AdminForgetDevice: the device is gone, its refresh tokens and its key stop
// working, and nobody else's device can be forgotten.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
  ForgetDeviceCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { devicePool, deviceSignIn, passwordSignIn, rememberNewDevice } from '../support/devices.ts';
import {
  createConfirmed,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await devicePool(t));
});
after(() => t.close());

async function userWithDevice() {
  const username = unique('fd');
  await createConfirmed(t, poolId, username);
  const { device } = await rememberNewDevice(t, clientId, username);
  const tokens = await deviceSignIn(t, clientId, username, device);
  return {
    username,
    device,
    accessToken: tokens?.AccessToken as string,
    refreshToken: tokens?.RefreshToken as string,
  };
}

const listed = async (username: string) =>
  (await t.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: username })))
    .Devices?.length;

const refresh = (token: string, deviceKey: string) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token, DEVICE_KEY: deviceKey },
    }),
  );

test('ForgetDevice: the device, its refresh tokens and its key are gone', async () => {
  const u = await userWithDevice();
  assert.ok((await refresh(u.refreshToken, u.device.key)).AuthenticationResult);
  await t.anon.send(
    new ForgetDeviceCommand({ AccessToken: u.accessToken, DeviceKey: u.device.key }),
  );
  assert.equal(await listed(u.username), 0);
  await rejects(
    refresh(u.refreshToken, u.device.key),
    'NotAuthorizedException',
    'Invalid Refresh Token',
  );
  await rejects(
    passwordSignIn(t, clientId, u.username, u.device.key),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
  // The access token in hand stays good until it expires, as on Cognito.
  const me = await t.anon.send(new GetUserCommand({ AccessToken: u.accessToken }));
  assert.equal(me.Username, u.username);
  // Forgetting it again: it is not there.
  await rejects(
    t.anon.send(new ForgetDeviceCommand({ AccessToken: u.accessToken, DeviceKey: u.device.key })),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
});

test('AdminForgetDevice forgets a device of the named user only', async () => {
  const a = await userWithDevice();
  const b = await userWithDevice();
  await rejects(
    t.admin.send(
      new AdminForgetDeviceCommand({
        UserPoolId: poolId,
        Username: a.username,
        DeviceKey: b.device.key,
      }),
    ),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
  assert.equal(await listed(b.username), 1);
  await t.admin.send(
    new AdminForgetDeviceCommand({
      UserPoolId: poolId,
      Username: b.username,
      DeviceKey: b.device.key,
    }),
  );
  assert.equal(await listed(b.username), 0);
  assert.equal(await listed(a.username), 1);
});

test("a user cannot forget another user's device", async () => {
  const a = await userWithDevice();
  const b = await userWithDevice();
  await rejects(
    t.anon.send(new ForgetDeviceCommand({ AccessToken: a.accessToken, DeviceKey: b.device.key })),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
  assert.equal(await listed(b.username), 1);
  assert.ok(await deviceSignIn(t, clientId, b.username, b.device));
});
