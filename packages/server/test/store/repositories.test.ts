import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { User } from '../../src/model/user.ts';
import type { UserPool, UserPoolClient } from '../../src/model/user-pool.ts';
import { isUniqueViolation } from '../../src/store/errors.ts';
import { type Db, openDatabase } from '../../src/store/open.ts';
import * as sessions from '../../src/store/repositories/auth-sessions.ts';
import * as codes from '../../src/store/repositories/codes.ts';
import * as keys from '../../src/store/repositories/keys.ts';
import * as outbox from '../../src/store/repositories/outbox.ts';
import * as grants from '../../src/store/repositories/refresh-tokens.ts';
import * as pools from '../../src/store/repositories/user-pools.ts';
import * as users from '../../src/store/repositories/users.ts';
import { createPgDatabase, pgAvailable, type TestStore } from '../support/index.ts';

// The same repository round trip on each store: what goes in comes out the same, numbers as
// numbers (epoch milliseconds past 2^31, counts), nulls as absent, uniqueness as
// isUniqueViolation. Both stores run in either pass when a PostgreSQL server is at hand.

async function withStore(store: TestStore, fn: (db: Db) => Promise<void>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-repo-'));
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

async function violation(promise: Promise<unknown>) {
  await assert.rejects(promise, (err) => isUniqueViolation(err));
}

const T = 1_795_000_000_123; // a 2026 epoch-millisecond time: past 2^31, below 2^53

for (const store of ['sqlite', 'postgres'] as const) {
  const skip = store === 'postgres' && !pgAvailable ? 'no PostgreSQL for this run' : false;

  test(`${store}: repositories round trip`, { skip }, async () => {
    await withStore(store, async (db) => {
      // Pools and clients.
      const pool: UserPool = {
        id: 'us-east-1_Round1',
        name: 'round trip',
        settings: {
          UsernameAttributes: ['email'],
          Policies: { PasswordPolicy: { MinimumLength: 8 } },
        },
        createdAt: new Date(T),
        updatedAt: new Date(T),
      } as UserPool;
      await pools.insertPool(db, pool);
      await pools.insertPool(db, { ...pool, id: 'us-east-1_Round2', name: 'second' });
      assert.deepEqual(await pools.findPool(db, pool.id), pool);
      assert.equal(await pools.findPool(db, 'us-east-1_Nope'), undefined);
      pool.settings = { ...pool.settings, MfaConfiguration: 'OFF' } as UserPool['settings'];
      pool.updatedAt = new Date(T + 1);
      await pools.updatePool(db, pool);
      assert.deepEqual(await pools.findPool(db, pool.id), pool);
      assert.deepEqual(
        (await pools.listPools(db, 10)).map((p) => p.id),
        ['us-east-1_Round1', 'us-east-1_Round2'],
      );
      assert.deepEqual(
        (await pools.listPools(db, 10, 'us-east-1_Round1')).map((p) => p.id),
        ['us-east-1_Round2'],
      );
      const client: UserPoolClient = {
        id: 'client1',
        userPoolId: pool.id,
        name: 'web',
        secret: undefined,
        settings: { ClientName: 'web' },
        createdAt: new Date(T),
        updatedAt: new Date(T),
      } as UserPoolClient;
      await pools.insertClient(db, client);
      await pools.insertClient(db, { ...client, id: 'client2', secret: 's3cret' });
      assert.deepEqual(await pools.findClient(db, 'client1'), client);
      assert.equal((await pools.findClient(db, 'client2'))?.secret, 's3cret');
      await pools.updateClient(db, { ...client, name: 'renamed', updatedAt: new Date(T + 5) });
      assert.equal((await pools.findClient(db, 'client1'))?.name, 'renamed');
      assert.deepEqual(
        (await pools.listClients(db, pool.id, 1)).map((c) => c.id),
        ['client1'],
      );
      assert.deepEqual(
        (await pools.listClients(db, pool.id, 5, 'client1')).map((c) => c.id),
        ['client2'],
      );

      // Users and identifiers.
      const user: User = {
        id: '0b9c1f7e-0000-4000-8000-000000000001',
        userPoolId: pool.id,
        username: '0b9c1f7e-0000-4000-8000-000000000001',
        status: 'UNCONFIRMED',
        enabled: true,
        attributes: { email: 'Ann@Example.com', sub: '0b9c1f7e-0000-4000-8000-000000000001' },
        srp: { salt: 'ab12', verifier: 'cd34' },
        passwordChangedAt: T,
        tokensValidAfter: 0,
        createdAt: new Date(T),
        updatedAt: new Date(T),
      };
      await users.insertUser(db, user, user.username);
      assert.deepEqual(await users.findUserById(db, user.id), user);
      assert.deepEqual(await users.findUserByUsernameKey(db, pool.id, user.username), user);
      assert.equal(await pools.countUsers(db, pool.id), 1);
      assert.equal(typeof (await pools.countUsers(db, pool.id)), 'number');
      await violation(users.insertUser(db, { ...user, id: 'other-id' }, user.username));
      await users.insertIdentifier(db, user, { kind: 'email', valueKey: 'ann@example.com' });
      assert.deepEqual(
        await users.findUserByIdentifier(db, pool.id, 'email', 'ann@example.com'),
        user,
      );
      assert.equal(await users.identifierOwner(db, pool.id, 'email', 'ann@example.com'), user.id);
      await violation(
        users.insertIdentifier(
          db,
          { id: 'other-id', userPoolId: pool.id },
          {
            kind: 'email',
            valueKey: 'ann@example.com',
          },
        ),
      );
      const saved: User = {
        ...user,
        status: 'CONFIRMED',
        enabled: false,
        srp: undefined,
        passwordChangedAt: undefined,
        tokensValidAfter: T + 9,
        updatedAt: new Date(T + 9),
      };
      await users.saveUser(db, saved);
      assert.deepEqual(await users.findUserById(db, user.id), saved);
      await users.deleteIdentifiers(db, user.id);
      assert.equal(await users.identifierOwner(db, pool.id, 'email', 'ann@example.com'), undefined);

      // Codes: a second put replaces the first; guesses count up and outlive a re-issue.
      const code = {
        id: 'code1',
        userPoolId: pool.id,
        userId: user.id,
        purpose: 'signup',
        codeHash: 'h1',
        attempts: 0,
        expiresAt: T + 60_000,
      };
      await codes.putCode(db, code, T, T - 3_600_000);
      await codes.putCode(db, { ...code, id: 'code2', codeHash: 'h2' }, T + 1, T - 3_600_000);
      assert.deepEqual(await codes.findCode(db, user.id, 'signup'), {
        ...code,
        id: 'code2',
        codeHash: 'h2',
      });
      assert.equal(await codes.reserveGuess(db, 'code2', T + 2, T - 3_600_000, 2), true);
      assert.equal((await codes.findCode(db, user.id, 'signup'))?.attempts, 1);
      await codes.putCode(db, { ...code, id: 'code3' }, T + 3, T - 3_600_000);
      assert.equal(await codes.reserveGuess(db, 'code3', T + 4, T - 3_600_000, 2), true);
      assert.equal(await codes.reserveGuess(db, 'code3', T + 5, T - 3_600_000, 2), false);
      // A run that began before the window starts again.
      assert.equal(await codes.reserveGuess(db, 'code3', T + 6, T + 3, 2), true);
      assert.equal((await codes.findCode(db, user.id, 'signup'))?.attempts, 1);
      await codes.deleteCode(db, user.id, 'signup');
      assert.equal(await codes.findCode(db, user.id, 'signup'), undefined);

      // Refresh grants.
      const grant = {
        id: 'grant1',
        userPoolId: pool.id,
        clientId: client.id,
        userId: user.id,
        tokenHash: 'th1',
        authTime: T,
        createdAt: T,
        expiresAt: T + 30 * 86_400_000,
      };
      await grants.insertGrant(db, grant);
      assert.deepEqual(await grants.findGrantByHash(db, 'th1'), { ...grant, revokedAt: undefined });
      await violation(grants.insertGrant(db, { ...grant, id: 'grant2' }));
      await grants.revokeGrant(db, 'grant1', T + 2);
      await grants.revokeGrant(db, 'grant1', T + 3); // the first revocation stays
      assert.deepEqual(await grants.findGrant(db, 'grant1'), { ...grant, revokedAt: T + 2 });
      await grants.insertGrant(db, { ...grant, id: 'grant3', tokenHash: 'th3' });
      await grants.revokeUserGrants(db, user.id, T + 4);
      assert.equal((await grants.findGrant(db, 'grant3'))?.revokedAt, T + 4);

      // Sign-in sessions: taken once.
      const session = {
        id: 'sess1',
        userPoolId: pool.id,
        clientId: client.id,
        userId: user.id,
        challenge: 'PASSWORD_VERIFIER',
        state: { srpB: 'ff', n: 1 },
        attempts: 0,
        expiresAt: T + 180_000,
      };
      await sessions.insertSession(db, session, T);
      assert.deepEqual(await sessions.findSession(db, 'sess1'), session);
      assert.deepEqual(await sessions.takeSession(db, 'sess1'), session);
      assert.equal(await sessions.takeSession(db, 'sess1'), undefined);

      // Outbox: newest first, by username or destination.
      for (const [i, to] of ['a@example.com', 'b@example.com', 'a@example.com'].entries()) {
        await outbox.insertMessage(db, {
          userPoolId: pool.id,
          username: user.username,
          channel: 'EMAIL',
          destination: to,
          subject: i === 0 ? undefined : `subject ${i}`,
          body: `body ${i}`,
          code: i === 1 ? '123456' : undefined,
          createdAt: T + i,
        });
      }
      const mine = await outbox.listMessages(db, { username: 'a@example.com', limit: 10 });
      assert.deepEqual(
        mine.map((m) => [m.body, m.subject, m.code, m.createdAt]),
        [
          ['body 2', 'subject 2', undefined, T + 2],
          ['body 0', undefined, undefined, T],
        ],
      );
      assert.equal(
        (await outbox.listMessages(db, { userPoolId: pool.id, limit: 1 }))[0].body,
        'body 2',
      );

      // Signing keys, access keys, server secrets.
      const key = {
        kid: 'kid1',
        userPoolId: pool.id,
        privateJwk: { kty: 'RSA', d: 'x' },
        publicJwk: { kty: 'RSA', n: 'y' },
        createdAt: T,
      };
      await keys.insertSigningKey(db, key);
      assert.deepEqual(await keys.listSigningKeys(db, pool.id), [{ ...key, retiredAt: undefined }]);
      await keys.insertAccessKey(db, { accessKeyId: 'AKCGTEST', secret: 'shh', createdAt: T });
      await violation(
        keys.insertAccessKey(db, { accessKeyId: 'AKCGTEST', secret: 'other', createdAt: T }),
      );
      assert.equal(await keys.findAccessKeySecret(db, 'AKCGTEST'), 'shh');
      assert.deepEqual(await keys.listAccessKeys(db), [{ accessKeyId: 'AKCGTEST', secret: 'shh' }]);
      await keys.putServerSecret(db, 'hmac', 'abcd');
      await violation(keys.putServerSecret(db, 'hmac', 'efgh'));
      assert.equal(await keys.getServerSecret(db, 'hmac'), 'abcd');

      // Deleting the user, then the pool, leaves nothing of them.
      await users.deleteUser(db, user.id);
      assert.equal(await users.findUserById(db, user.id), undefined);
      assert.equal(await grants.findGrant(db, 'grant1'), undefined);
      await pools.deletePool(db, pool.id);
      assert.equal(await pools.findPool(db, pool.id), undefined);
      assert.equal(await pools.findClient(db, 'client1'), undefined);
      assert.deepEqual(await keys.listSigningKeys(db, pool.id), []);
      assert.deepEqual(await outbox.listMessages(db, { userPoolId: pool.id, limit: 10 }), []);
      assert.equal(await pools.countUsers(db, pool.id), 0);
    });
  });

  test(`${store}: a unique violation inside a transaction rolls it back whole`, {
    skip,
  }, async () => {
    await withStore(store, async (db) => {
      await keys.putServerSecret(db, 'hmac', 'first');
      await violation(
        db.transaction().execute(async (trx) => {
          await keys.insertAccessKey(trx, { accessKeyId: 'AKCGONE', secret: 's', createdAt: T });
          await keys.putServerSecret(trx, 'hmac', 'second');
        }),
      );
      assert.deepEqual(await keys.listAccessKeys(db), []);
      assert.equal(await keys.getServerSecret(db, 'hmac'), 'first');
    });
  });
}

test('isUniqueViolation knows both drivers and nothing else', () => {
  assert.ok(isUniqueViolation({ code: '23505' }));
  assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
  assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }));
  assert.ok(!isUniqueViolation({ code: '23503' })); // foreign key
  assert.ok(!isUniqueViolation({ code: 'SQLITE_CONSTRAINT_NOTNULL' }));
  assert.ok(!isUniqueViolation(new Error('UNIQUE constraint failed: users.id')));
  assert.ok(!isUniqueViolation(undefined));
});
