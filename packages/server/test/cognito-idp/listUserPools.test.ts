import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ListUserPoolsCommand,
  type UserPoolDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, rejects, startTestServer, type TestServer } from '../support/index.ts';

let t: TestServer;
const created: string[] = [];
before(async () => {
  t = await startTestServer();
  for (let i = 0; i < 5; i++) created.push((await createPool(t)).Id);
});
after(() => t.close());

async function all(pageSize: number) {
  const pages: UserPoolDescriptionType[][] = [];
  let token: string | undefined;
  do {
    const res = await t.admin.send(
      new ListUserPoolsCommand({ MaxResults: pageSize, NextToken: token }),
    );
    pages.push(res.UserPools ?? []);
    token = res.NextToken;
  } while (token);
  return pages;
}

test('pages through every pool exactly once', async () => {
  const pages = await all(2);
  // Five created plus the seeded default pool.
  assert.deepEqual(
    pages.map((p) => p.length),
    [2, 2, 2],
  );
  const ids = pages.flat().map((p) => p.Id);
  assert.equal(new Set(ids).size, 6);
  for (const id of created) assert.ok(ids.includes(id), `${id} listed`);
  assert.ok(ids.includes(t.server.defaults?.pool.id));
  const one = pages.flat().find((p) => p.Id === created[0]);
  assert.deepEqual(Object.keys(one ?? {}).sort(), [
    'CreationDate',
    'Id',
    'LambdaConfig',
    'LastModifiedDate',
    'Name',
  ]);
  assert.ok(one?.CreationDate instanceof Date);
});

test('a page larger than the rest has no NextToken', async () => {
  const pages = await all(60);
  assert.equal(pages.length, 1);
  assert.equal(pages[0].length, 6);
  const uneven = await all(4);
  assert.deepEqual(
    uneven.map((p) => p.length),
    [4, 2],
  );
});

test('MaxResults is required and at most 60', async () => {
  await rejects(
    t.admin.send(new ListUserPoolsCommand({} as never)),
    'InvalidParameterException',
    /maxResults/,
  );
  for (const bad of [0, 61]) {
    await rejects(
      t.admin.send(new ListUserPoolsCommand({ MaxResults: bad })),
      'InvalidParameterException',
      `1 validation error detected: Value '${bad}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60 and greater than or equal to 1`,
    );
  }
});
