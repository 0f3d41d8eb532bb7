// UpdateDeviceStatus and AdminUpdateDeviceStatus: remembered or not_remembered, for the user's
// own devices only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetDeviceCommand,
  AdminUpdateDeviceStatusCommand,
  type DeviceRememberedStatusType,
  UpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { devicePool, rememberNewDevice } from '../support/devices.ts';
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
  const username = unique('uds');
  await createConfirmed(t, poolId, username);
  const { device, tokens } = await rememberNewDevice(t, clientId, username);
  return { username, key: device.key, accessToken: tokens.AccessToken as string };
}

async function device(u: { username: string; key: string }) {
  const res = await t.admin.send(
    new AdminGetDeviceCommand({ UserPoolId: poolId, Username: u.username, DeviceKey: u.key }),
  );
  return {
    status: attrMap(res.Device?.DeviceAttributes)['dev:device_remembered_status'],
    modified: res.Device?.DeviceLastModifiedDate?.getTime(),
  };
}

const update = (accessToken: string, key: string, status: string) =>
  t.anon.send(
    new UpdateDeviceStatusCommand({
      AccessToken: accessToken,
      DeviceKey: key,
      DeviceRememberedStatus: status as DeviceRememberedStatusType,
    }),
  );

test('the user and the administrator set remembered and not_remembered', async () => {
  const u = await userWithDevice();
  const before = await device(u);
  assert.equal(before.status, 'remembered');
  t.clock.advance(2000);
  await update(u.accessToken, u.key, 'not_remembered');
  const after = await device(u);
  assert.equal(after.status, 'not_remembered');
  assert.ok((after.modified ?? 0) > (before.modified ?? 0), 'last modified moves');
  await t.admin.send(
    new AdminUpdateDeviceStatusCommand({
      UserPoolId: poolId,
      Username: u.username,
      DeviceKey: u.key,
      DeviceRememberedStatus: 'remembered',
    }),
  );
  assert.equal((await device(u)).status, 'remembered');
});

test("another user's device is not there, and stays as it was", async () => {
  const a = await userWithDevice();
  const b = await userWithDevice();
  await rejects(
    update(a.accessToken, b.key, 'not_remembered'),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
  await rejects(
    t.admin.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: poolId,
        Username: a.username,
        DeviceKey: b.key,
        DeviceRememberedStatus: 'not_remembered',
      }),
    ),
    'ResourceNotFoundException',
    'Device does not exist.',
  );
  assert.equal((await device(b)).status, 'remembered');
});

test('a status outside the enum is the model validation error', async () => {
  const u = await userWithDevice();
  await rejects(
    update(u.accessToken, u.key, 'forgotten'),
    'InvalidParameterException',
    "1 validation error detected: Value 'forgotten' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
  );
  assert.equal((await device(u)).status, 'remembered');
});
