import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
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

const describe = async (id: string) =>
  (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;

test('changes the settings given and returns the rest to their defaults', async () => {
  const { poolId, pool } = await passwordPool(t, {
    UsernameAttributes: ['email'],
    UserPoolTags: { keep: 'no' },
  });
  advanceClock(t, 1000);
  await t.admin.send(
    new UpdateUserPoolCommand({
      UserPoolId: poolId,
      Policies: {
        PasswordPolicy: {
          MinimumLength: 10,
          RequireUppercase: false,
          RequireLowercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
        },
      },
      DeletionProtection: 'ACTIVE',
    }),
  );
  const updated = await describe(poolId);
  assert.equal(updated?.Policies?.PasswordPolicy?.MinimumLength, 10);
  assert.equal(updated?.Policies?.PasswordPolicy?.RequireSymbols, false);
  assert.equal(updated?.DeletionProtection, 'ACTIVE');
  // Left out of the request: back to defaults (Cognito's UpdateUserPool semantics).
  assert.equal(updated?.AutoVerifiedAttributes, undefined);
  assert.deepEqual(updated?.UserPoolTags, {});
  // Not updatable: kept.
  assert.deepEqual(updated?.UsernameAttributes, ['email']);
  assert.deepEqual(updated?.SchemaAttributes, pool.SchemaAttributes);
  assert.deepEqual(updated?.CreationDate, pool.CreationDate);
  assert.ok((updated?.LastModifiedDate as Date) > (pool.LastModifiedDate as Date));
  await rejects(
    t.admin.send(new DeleteUserPoolCommand({ UserPoolId: poolId })),
    'InvalidParameterException',
  );
});

test('the new password policy applies to sign-up', async () => {
  const { poolId, clientId } = await passwordPool(t);
  await t.admin.send(
    new UpdateUserPoolCommand({
      UserPoolId: poolId,
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 16,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    }),
  );
  await rejects(
    t.anon.send(
      new SignUpCommand({ ClientId: clientId, Username: unique('u'), Password: PASSWORD }),
    ),
    'InvalidPasswordException',
    /Password not long enough$/,
  );
  const ok = await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: unique('u'),
      Password: 'Longer-Passw0rd!!',
      UserAttributes: [{ Name: 'email', Value: 'long@example.com' }],
    }),
  );
  assert.equal(ok.CodeDeliveryDetails?.AttributeName, 'email');
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(new UpdateUserPoolCommand({ UserPoolId: 'us-east-1_NoSuchPoo' })),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});

test('an invalid setting is InvalidParameterException and changes nothing', async () => {
  const { poolId, pool } = await passwordPool(t);
  await rejects(
    t.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        Policies: { PasswordPolicy: { MinimumLength: 200 } },
      }),
    ),
    'InvalidParameterException',
  );
  assert.deepEqual(await describe(poolId), pool);
});
