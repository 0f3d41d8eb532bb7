import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ListUserPoolClientsCommand,
  type UserPoolClientDescription,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createPool,
  rejects,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
const created: { id: string; name: string }[] = [];
before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
  for (let i = 0; i < 5; i++) {
    const c = await createClient(t, poolId, { ClientName: `client-${i}` });
    created.push({ id: c.ClientId, name: `client-${i}` });
  }
  // A client of another pool, never listed here.
  await createClient(t, (await createPool(t)).Id);
});
after(() => t.close());

async function pages(size?: number) {
  const out: UserPoolClientDescription[][] = [];
  let token: string | undefined;
  do {
    const res = await t.admin.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: size, NextToken: token }),
    );
    out.push(res.UserPoolClients ?? []);
    token = res.NextToken;
  } while (token);
  return out;
}

test("pages through the pool's clients exactly once", async () => {
  const p = await pages(2);
  assert.deepEqual(
    p.map((x) => x.length),
    [2, 2, 1],
  );
  const listed = p.flat();
  assert.deepEqual(listed.map((c) => c.ClientId).sort(), created.map((c) => c.id).sort());
  for (const c of listed) {
    assert.deepEqual(c, {
      ClientId: c.ClientId,
      UserPoolId: poolId,
      ClientName: created.find((x) => x.id === c.ClientId)?.name,
    });
  }
});

test('without MaxResults every client comes in one page', async () => {
  const p = await pages();
  assert.equal(p.length, 1);
  assert.equal(p[0].length, 5);
});

test('MaxResults out of range is InvalidParameterException', async () => {
  await rejects(
    t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 61 })),
    'InvalidParameterException',
    /maxResults/,
  );
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: 'us-east-1_NoSuchPoo' })),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
