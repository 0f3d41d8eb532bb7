import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createPool,
  PASSWORD,
  passwordPool,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const describe = (id: string) => t.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }));

test('returns what CreateUserPool returned', async () => {
  const created = await createPool(t, {
    AliasAttributes: ['email', 'preferred_username'],
    AutoVerifiedAttributes: ['email'],
    MfaConfiguration: 'OFF',
  });
  const { UserPool } = await describe(created.Id);
  assert.deepEqual(UserPool, created);
});

test('EstimatedNumberOfUsers counts the users', async () => {
  const { poolId, clientId } = await passwordPool(t);
  assert.equal((await describe(poolId)).UserPool?.EstimatedNumberOfUsers, 0);
  for (let i = 0; i < 2; i++) {
    await t.anon.send(
      new SignUpCommand({ ClientId: clientId, Username: unique('count'), Password: PASSWORD }),
    );
  }
  assert.equal((await describe(poolId)).UserPool?.EstimatedNumberOfUsers, 2);
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    describe('us-east-1_NoSuchPoo'),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});

test('a malformed pool id is InvalidParameterException', async () => {
  await rejects(describe('not a pool id'), 'InvalidParameterException', /userPoolId/);
});
