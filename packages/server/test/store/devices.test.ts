import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { User } from '../../src/model/user.ts';
import type { UserPool } from '../../src/model/user-pool.ts';
import { isUniqueViolation } from '../../src/store/errors.ts';
import { type Db, openDatabase } from '../../src/store/open.ts';
import * as devices from '../../src/store/repositories/devices.ts';
import * as grants from '../../src/store/repositories/refresh-tokens.ts';
import * as pools from '../../src/store/repositories/user-pools.ts';
import * as users from '../../src/store/repositories/users.ts';
import { createPgDatabase, pgAvailable, type TestStore } from '../support/index.ts';

// The devices repository on each store: round trip (times past 2^31 as numbers, nulls as
// absent), listing confirmed devices by key, the grant's device, the sweep of devices nothing can
// use any more, and a user's or pool's devices going with them.

async function withStore(store: TestStore, fn: (db: Db) => Promise<void>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-devices-'));
  const pg = store === 'postgres' ? await createPgDatabase() : undefined;
  const db = await openDatabase({ dataDir, database: pg?.url });
  try {
    await fn(db);
  } finally {
    await db.destroy();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const T = 1_795_000_000_123;
const DAY = 86_400_000;

function userOf(pool: UserPool, n: number): User {
  const id = `0b9c1f7e-0000-4000-8000-00000000000${n}`;
  return {
    id,
    userPoolId: pool.id,
    username: `user${n}`,
    status: 'CONFIRMED',
    enabled: true,
    attributes: { sub: id },
    tokensValidAfter: 0,
    createdAt: new Date(T),
    updatedAt: new Date(T),
  };
}

function deviceOf(user: User, n: number, status: devices.DeviceStatus = 'unconfirmed') {
  return {
    deviceKey: `us-east-1_0000000${n}-aaaa-4bbb-8ccc-000000000000`,
    userPoolId: user.userPoolId,
    userId: user.id,
    groupKey: `-group${n}`,
    status,
    attributes: {},
    createdAt: T,
    updatedAt: T,
    lastAuthenticatedAt: T,
  } satisfies devices.Device;
}

for (const store of ['sqlite', 'postgres'] as const) {
  const skip = store === 'postgres' && !pgAvailable ? 'no PostgreSQL for this run' : false;

  test(`${store}: devices round trip, listing and removal`, { skip }, async () => {
    await withStore(store, async (db) => {
      const pool = {
        id: 'us-east-1_Devices1',
        name: 'devices',
        settings: {},
        createdAt: new Date(T),
        updatedAt: new Date(T),
      } as UserPool;
      await pools.insertPool(db, pool);
      const ann = userOf(pool, 1);
      const bob = userOf(pool, 2);
      await users.insertUser(db, ann, ann.username);
      await users.insertUser(db, bob, bob.username);

      const first = deviceOf(ann, 1);
      await devices.insertDevice(db, first);
      assert.deepEqual(await devices.findDevice(db, first.deviceKey), first);
      await assert.rejects(devices.insertDevice(db, first), (err) => isUniqueViolation(err));
      assert.equal(await devices.findDevice(db, 'us-east-1_nope'), undefined);

      // Unconfirmed devices are not listed; confirmed ones are, by key.
      assert.deepEqual(await devices.listConfirmedDevices(db, ann.id, 10), []);
      await devices.confirmDevice(db, first.deviceKey, {
        salt: 'ab',
        verifier: 'cd',
        name: 'Laptop',
        status: 'remembered',
        now: T + 1,
      });
      const confirmed = {
        ...first,
        salt: 'ab',
        verifier: 'cd',
        name: 'Laptop',
        status: 'remembered' as const,
        updatedAt: T + 1,
      };
      assert.deepEqual(await devices.findDevice(db, first.deviceKey), confirmed);
      for (const n of [3, 2]) {
        await devices.insertDevice(db, { ...deviceOf(ann, n), status: 'not_remembered' });
      }
      await devices.insertDevice(db, deviceOf(bob, 4, 'remembered'));
      const keys = async (limit: number, after?: string) =>
        (await devices.listConfirmedDevices(db, ann.id, limit, after)).map((d) => d.deviceKey);
      assert.deepEqual(await keys(2), [deviceOf(ann, 1).deviceKey, deviceOf(ann, 2).deviceKey]);
      assert.deepEqual(await keys(2, deviceOf(ann, 2).deviceKey), [deviceOf(ann, 3).deviceKey]);

      await devices.setDeviceStatus(db, first.deviceKey, 'not_remembered', T + 2);
      await devices.touchDevice(db, first.deviceKey, T + 3);
      const changed = await devices.findDevice(db, first.deviceKey);
      assert.equal(changed?.status, 'not_remembered');
      assert.equal(changed?.updatedAt, T + 2);
      assert.equal(changed?.lastAuthenticatedAt, T + 3);

      // A grant remembers its device.
      const grant = {
        id: 'grant1',
        userPoolId: pool.id,
        clientId: 'client1',
        userId: ann.id,
        tokenHash: 'th1',
        authTime: T,
        createdAt: T,
        expiresAt: T + 30 * DAY,
      };
      await grants.insertGrant(db, grant);
      assert.equal((await grants.findGrant(db, 'grant1'))?.deviceKey, undefined);
      await devices.bindGrantToDevice(db, 'grant1', first.deviceKey);
      assert.equal((await grants.findGrant(db, 'grant1'))?.deviceKey, first.deviceKey);

      // The sweep takes unconfirmed devices no live grant was issued to, and nothing else.
      const stale = deviceOf(ann, 5);
      const held = deviceOf(ann, 6);
      await devices.insertDevice(db, stale);
      await devices.insertDevice(db, held);
      await grants.insertGrant(db, { ...grant, id: 'grant2', tokenHash: 'th2' });
      await devices.bindGrantToDevice(db, 'grant2', held.deviceKey);
      await devices.deleteStaleUnconfirmedDevices(db, T + DAY, T + DAY);
      assert.equal(await devices.findDevice(db, stale.deviceKey), undefined);
      assert.ok(await devices.findDevice(db, held.deviceKey), 'a live grant holds it');
      assert.ok(await devices.findDevice(db, first.deviceKey), 'confirmed devices stay');
      await devices.deleteStaleUnconfirmedDevices(db, T + 31 * DAY, T + 31 * DAY);
      assert.equal(await devices.findDevice(db, held.deviceKey), undefined, 'its grant expired');

      await devices.deleteDevice(db, deviceOf(ann, 3).deviceKey);
      assert.deepEqual(await keys(10), [deviceOf(ann, 1).deviceKey, deviceOf(ann, 2).deviceKey]);

      // A deleted user's devices go with it; the pool's go with the pool.
      await users.deleteUser(db, ann.id);
      assert.deepEqual(await devices.listConfirmedDevices(db, ann.id, 10), []);
      assert.ok(await devices.findDevice(db, deviceOf(bob, 4).deviceKey));
      await pools.deletePool(db, pool.id);
      assert.equal(await devices.findDevice(db, deviceOf(bob, 4).deviceKey), undefined);
    });
  });
}
