import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { migrations } from '../../src/store/migrations/index.ts';
import { createPgDatabase, startTestServer, testStore } from '../support/index.ts';

// Instances behind a load balancer start together on one empty PostgreSQL database: the
// migrator's lock lets exactly one of them migrate (a second run of the initial migration would
// fail on its CREATE TABLEs), and the start-up lock makes one admin key and one default pool.

test('three servers starting at once on a fresh database migrate and seed once', {
  skip: testStore !== 'postgres' && 'PostgreSQL only: one SQLite file serves one process',
}, async () => {
  const database = await createPgDatabase();
  const started = await Promise.allSettled(
    [1, 2, 3].map(() => startTestServer({ database: database.url })),
  );
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  try {
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const db = servers[0].server.db;
    const ran = await db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    assert.deepEqual(
      ran.map((r) => (r as { name: string }).name).sort(),
      Object.keys(migrations).sort(),
    );
    assert.equal((await db.selectFrom('user_pools').select('id').execute()).length, 1);
    assert.equal((await db.selectFrom('access_keys').select('access_key_id').execute()).length, 1);
    assert.equal((await db.selectFrom('server_secrets').select('name').execute()).length, 1);
    const [a, b, c] = servers;
    for (const t of [b, c]) {
      assert.deepEqual(t.server.accessKey, a.server.accessKey);
      assert.equal(t.server.defaults?.pool.id, a.server.defaults?.pool.id);
      assert.equal(t.server.defaults?.client.id, a.server.defaults?.client.id);
      assert.deepEqual(t.server.ctx.serverSecret, a.server.ctx.serverSecret);
    }
    // Each instance serves the shared pool with the shared key.
    for (const t of servers) {
      const pool = await t.admin.send(
        new DescribeUserPoolCommand({ UserPoolId: a.server.defaults?.pool.id }),
      );
      assert.equal(pool.UserPool?.Name, 'cognate-default');
    }
  } finally {
    for (const t of servers) await t.close();
    await database.drop();
  }
});
