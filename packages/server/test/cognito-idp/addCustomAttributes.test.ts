import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  AdminGetUserCommand,
  DescribeUserPoolCommand,
  type SchemaAttributeType,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
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

const add = (poolId: string, attrs: SchemaAttributeType[]) =>
  t.admin.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: attrs }));

const schema = async (poolId: string) =>
  (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool
    ?.SchemaAttributes ?? [];

test('adds custom: attributes to the schema that users can then set', async () => {
  const { poolId, clientId } = await passwordPool(t);
  await add(poolId, [
    { Name: 'tier', AttributeDataType: 'String', Mutable: true },
    {
      Name: 'level',
      AttributeDataType: 'Number',
      Mutable: true,
      NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' },
    },
  ]);
  const s = await schema(poolId);
  const tier = s.find((a) => a.Name === 'custom:tier');
  assert.equal(tier?.AttributeDataType, 'String');
  assert.equal(tier?.Mutable, true);
  assert.equal(tier?.Required, false);
  assert.equal(tier?.DeveloperOnlyAttribute, false);
  const level = s.find((a) => a.Name === 'custom:level');
  assert.deepEqual(level?.NumberAttributeConstraints, { MinValue: '1', MaxValue: '10' });

  const username = unique('custom');
  await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'custom:tier', Value: 'gold' },
        { Name: 'custom:level', Value: '3' },
      ],
    }),
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(attrMap(user.UserAttributes)['custom:tier'], 'gold');
  assert.equal(attrMap(user.UserAttributes)['custom:level'], '3');
  await rejects(
    t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: unique('custom'),
        Password: PASSWORD,
        UserAttributes: [{ Name: 'custom:level', Value: '11' }],
      }),
    ),
    'InvalidParameterException',
    /custom:level/,
  );
});

test('a name already in the schema is InvalidParameterException and adds nothing', async () => {
  const { poolId } = await passwordPool(t);
  await add(poolId, [{ Name: 'dup', AttributeDataType: 'String' }]);
  const previous = await schema(poolId);
  await rejects(
    add(poolId, [
      { Name: 'fresh', AttributeDataType: 'String' },
      { Name: 'dup', AttributeDataType: 'String' },
    ]),
    'InvalidParameterException',
    /custom:dup/,
  );
  assert.deepEqual(await schema(poolId), previous);
});

test('an empty list is InvalidParameterException', async () => {
  const { poolId } = await passwordPool(t);
  await rejects(add(poolId, []), 'InvalidParameterException');
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    add('us-east-1_NoSuchPoo', [{ Name: 'x', AttributeDataType: 'String' }]),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
