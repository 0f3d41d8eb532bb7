import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqlite, whenDurable } from './open.ts';

test('a SQLite database that cannot be in WAL mode still opens, migrates and takes writes', async () => {
  // An in-memory database answers journal_mode = WAL with "memory", as a file system without
  // shared memory answers with "delete": each commit then flushes itself (synchronous = FULL).
  const db = await openSqlite(':memory:');
  try {
    await db.insertInto('server_secrets').values({ name: 'probe', value: 'x' }).execute();
    await whenDurable(db);
    const row = await db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', 'probe')
      .executeTakeFirst();
    assert.equal(row?.value, 'x');
  } finally {
    await db.destroy();
  }
});
