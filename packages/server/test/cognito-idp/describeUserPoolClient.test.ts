import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createPool,
  rejects,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
});
after(() => t.close());

const describe = (pool: string, client: string) =>
  t.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: client }));

test('returns what CreateUserPoolClient returned, secret included', async () => {
  const created = await createClient(t, poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ReadAttributes: ['email'],
  });
  const { UserPoolClient } = await describe(poolId, created.ClientId);
  assert.deepEqual(UserPoolClient, created);
  assert.ok(UserPoolClient?.ClientSecret);
});

test('an unknown client, or a client of another pool, is ResourceNotFoundException', async () => {
  await rejects(
    describe(poolId, 'nosuchclient123'),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
  const otherPool = await createPool(t);
  const foreign = await createClient(t, otherPool.Id);
  await rejects(
    describe(poolId, foreign.ClientId),
    'ResourceNotFoundException',
    `User pool client ${foreign.ClientId} does not exist.`,
  );
});

test('an unknown pool is ResourceNotFoundException', async () => {
  const c = await createClient(t, poolId);
  await rejects(
    describe('us-east-1_NoSuchPoo', c.ClientId),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
