import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqlite } from './open.ts';
import { precompile } from './precompiled.ts';

const insert = precompile<{ name: string; value: string }>((db, p) =>
  db.insertInto('server_secrets').values({ value: p('value'), name: p('name') }),
);
const byName = precompile<{ name: string }, { value: string }>((db, p) =>
  db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', p('name'))
    .where('value', '!=', 'hidden')
    .limit(1),
);

test('a precompiled query runs with each call’s arguments by name, keeping its constants', async () => {
  const db = await openSqlite(':memory:');
  try {
    await insert.execute(db, { name: 'a', value: 'first' });
    await insert.execute(db, { name: 'b', value: 'second' });
    await insert.execute(db, { name: 'c', value: 'hidden' });
    assert.deepEqual(await byName.first(db, { name: 'b' }), { value: 'second' });
    assert.deepEqual(await byName.rows(db, { name: 'a' }), [{ value: 'first' }]);
    assert.equal(await byName.first(db, { name: 'c' }), undefined);
    // In a transaction too, which rolls back with it.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await insert.execute(trx, { name: 'd', value: 'fourth' });
        assert.deepEqual(await byName.first(trx, { name: 'd' }), { value: 'fourth' });
        throw new Error('roll back');
      }),
    );
    assert.equal(await byName.first(db, { name: 'd' }), undefined);
  } finally {
    await db.destroy();
  }
});
