import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  PASSWORD,
  passwordPool,
  rejects,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const del = (id: string) => t.admin.send(new DeleteUserPoolCommand({ UserPoolId: id }));

test('deletes the pool with its clients, users and keys', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('doomed');
  await signUpConfirmed(t, clientId, username);
  const res = await del(poolId);
  assert.equal(res.$metadata.httpStatusCode, 200);

  await rejects(
    t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId })),
    'ResourceNotFoundException',
    `User pool ${poolId} does not exist.`,
  );
  const list = await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  assert.ok(!list.UserPools?.some((p) => p.Id === poolId));
  await rejects(
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: PASSWORD },
      }),
    ),
    'ResourceNotFoundException',
    `User pool client ${clientId} does not exist.`,
  );
  const jwks = await fetch(`${t.url}/${poolId}/.well-known/jwks.json`);
  assert.equal(jwks.status, 404);
  // Nothing of the pool is left behind in the store.
  for (const table of ['users', 'user_pool_clients', 'signing_keys', 'codes', 'outbox'] as const) {
    const row = await t.server.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_pool_id', '=', poolId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.n), 0, `${table} rows left`);
  }
  await rejects(del(poolId), 'ResourceNotFoundException', `User pool ${poolId} does not exist.`);
});

test('deletion protection refuses the delete until turned off', async () => {
  const { poolId } = await passwordPool(t, { DeletionProtection: 'ACTIVE' });
  await rejects(
    del(poolId),
    'InvalidParameterException',
    'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
  );
  assert.ok((await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool);
  await t.admin.send(
    new UpdateUserPoolCommand({ UserPoolId: poolId, DeletionProtection: 'INACTIVE' }),
  );
  await del(poolId);
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    del('us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
