// ListDevices and AdminListDevices: a user's confirmed devices as Cognito's DeviceType, in pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminListDevicesCommand,
  type DeviceType,
  ListDevicesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
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

/** A user with `n` confirmed devices (and one unconfirmed): their keys, sorted. */
async function userWithDevices(n: number) {
  const username = unique('ld');
  await createConfirmed(t, poolId, username);
  const keys: string[] = [];
  let accessToken = '';
  for (let i = 0; i < n; i++) {
    const { device, tokens } = await rememberNewDevice(t, clientId, username, `Device ${i}`);
    keys.push(device.key);
    accessToken = tokens.AccessToken as string;
  }
  await passwordSignIn(t, clientId, username); // issued, never confirmed: not listed
  return { username, keys: keys.sort(), accessToken };
}

const keysOf = (devices: DeviceType[] | undefined) => (devices ?? []).map((d) => d.DeviceKey);

test('ListDevices pages through the confirmed devices as DeviceType', async () => {
  const u = await userWithDevices(3);
  const first = await t.anon.send(new ListDevicesCommand({ AccessToken: u.accessToken, Limit: 2 }));
  assert.deepEqual(keysOf(first.Devices), u.keys.slice(0, 2));
  assert.ok(first.PaginationToken);
  const second = await t.anon.send(
    new ListDevicesCommand({
      AccessToken: u.accessToken,
      Limit: 2,
      PaginationToken: first.PaginationToken,
    }),
  );
  assert.deepEqual(keysOf(second.Devices), u.keys.slice(2));
  assert.equal(second.PaginationToken, undefined);
  const all = await t.anon.send(new ListDevicesCommand({ AccessToken: u.accessToken }));
  assert.deepEqual(keysOf(all.Devices), u.keys);

  const device = all.Devices?.[0] as DeviceType;
  const attrs = device.DeviceAttributes ?? [];
  assert.deepEqual(
    attrs.map((a) => a.Name),
    [
      'device_status',
      'device_name',
      'dev:device_arn',
      'dev:device_owner',
      'dev:device_remembered_status',
    ],
  );
  const map = attrMap(attrs);
  assert.equal(map.device_status, 'valid');
  assert.match(map.device_name ?? '', /^Device \d$/);
  assert.equal(map['dev:device_owner'], `${u.username}.${poolId}`);
  assert.equal(
    map['dev:device_arn']?.replace(/:\d{12}:/, ':<account>:'),
    `arn:aws:cognito-idp:us-east-1:<account>:owner/${u.username}.${poolId}/device/${device.DeviceKey}`,
  );
  assert.equal(map['dev:device_remembered_status'], 'remembered');
  assert.ok(device.DeviceCreateDate instanceof Date);
  assert.ok(device.DeviceLastModifiedDate instanceof Date);
  assert.ok(device.DeviceLastAuthenticatedDate instanceof Date);
});

test('AdminListDevices lists the same; each listing only takes its own tokens', async () => {
  const u = await userWithDevices(2);
  const admin = await t.admin.send(
    new AdminListDevicesCommand({ UserPoolId: poolId, Username: u.username, Limit: 1 }),
  );
  assert.deepEqual(keysOf(admin.Devices), u.keys.slice(0, 1));
  assert.ok(admin.PaginationToken);
  await rejects(
    t.anon.send(
      new ListDevicesCommand({
        AccessToken: u.accessToken,
        PaginationToken: admin.PaginationToken,
      }),
    ),
    'InvalidParameterException',
    'Invalid pagination token.',
  );
  const other = await userWithDevices(1);
  await rejects(
    t.admin.send(
      new AdminListDevicesCommand({
        UserPoolId: poolId,
        Username: other.username,
        PaginationToken: admin.PaginationToken,
      }),
    ),
    'InvalidParameterException',
    'Invalid pagination token.',
  );
  const rest = await t.admin.send(
    new AdminListDevicesCommand({
      UserPoolId: poolId,
      Username: u.username,
      PaginationToken: admin.PaginationToken,
    }),
  );
  assert.deepEqual(keysOf(rest.Devices), u.keys.slice(1));
});

test('a user sees only their own devices; one without any sees none', async () => {
  const a = await userWithDevices(1);
  const b = await userWithDevices(0);
  const mine = await t.anon.send(new ListDevicesCommand({ AccessToken: a.accessToken }));
  assert.deepEqual(keysOf(mine.Devices), a.keys);
  const none = await t.admin.send(
    new AdminListDevicesCommand({ UserPoolId: poolId, Username: b.username }),
  );
  assert.deepEqual(none.Devices, []);
});

test('bad input: Limit past 60, an unknown user', async () => {
  const a = await userWithDevices(1);
  await rejects(
    t.anon.send(new ListDevicesCommand({ AccessToken: a.accessToken, Limit: 61 })),
    'InvalidParameterException',
    "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
  );
  await rejects(
    t.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: unique('nobody') })),
    'UserNotFoundException',
    'User does not exist.',
  );
});
