// GetDevice and AdminGetDevice: one of the user's confirmed devices; anyone else's is not there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AdminGetDeviceCommand, GetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { devicePool, passwordSignIn, rememberNewDevice } from '../support/devices.ts';
import {
  attrMap,
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
  const username = unique('gd');
  await createConfirmed(t, poolId, username);
  const { device, tokens } = await rememberNewDevice(t, clientId, username, 'Phone');
  return { username, key: device.key, accessToken: tokens.AccessToken as string };
}

const NOT_FOUND = 'Device does not exist.';

test('GetDevice and AdminGetDevice answer the DeviceType', async () => {
  const u = await userWithDevice();
  const mine = await t.anon.send(
    new GetDeviceCommand({ AccessToken: u.accessToken, DeviceKey: u.key }),
  );
  assert.equal(mine.Device?.DeviceKey, u.key);
  assert.equal(attrMap(mine.Device?.DeviceAttributes).device_name, 'Phone');
  const admin = await t.admin.send(
    new AdminGetDeviceCommand({ UserPoolId: poolId, Username: u.username, DeviceKey: u.key }),
  );
  assert.deepEqual(admin.Device, mine.Device);
});

test("another user's device, an unconfirmed or unknown one: ResourceNotFoundException", async () => {
  const a = await userWithDevice();
  const b = await userWithDevice();
  const unconfirmed = (await passwordSignIn(t, clientId, a.username)).AuthenticationResult
    ?.NewDeviceMetadata?.DeviceKey as string;
  for (const key of [b.key, unconfirmed, 'us-east-1_00000000-0000-0000-0000-000000000000']) {
    await rejects(
      t.anon.send(new GetDeviceCommand({ AccessToken: a.accessToken, DeviceKey: key })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
  }
  await rejects(
    t.admin.send(
      new AdminGetDeviceCommand({ UserPoolId: poolId, Username: a.username, DeviceKey: b.key }),
    ),
    'ResourceNotFoundException',
    NOT_FOUND,
  );
  await rejects(
    t.admin.send(
      new AdminGetDeviceCommand({
        UserPoolId: poolId,
        Username: unique('nobody'),
        DeviceKey: b.key,
      }),
    ),
    'UserNotFoundException',
    'User does not exist.',
  );
});
