import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateUserPoolCommand,
  type CreateUserPoolRequest,
  ListUserPoolsCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, rejects, startTestServer, type TestServer, unique } from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const schemaOf = (pool: { SchemaAttributes?: SchemaAttributeType[] }, name: string) =>
  pool.SchemaAttributes?.find((a) => a.Name === name);

test('a pool with only a name gets Cognito defaults', async () => {
  const name = unique('defaults');
  const res = await t.admin.send(new CreateUserPoolCommand({ PoolName: name }));
  const pool = res.UserPool;
  assert.ok(pool);
  assert.match(pool.Id ?? '', /^us-east-1_[0-9A-Za-z]{9}$/);
  assert.equal(pool.Name, name);
  assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool.Id}`);
  assert.deepEqual(pool.Policies?.PasswordPolicy, {
    MinimumLength: 8,
    RequireUppercase: true,
    RequireLowercase: true,
    RequireNumbers: true,
    RequireSymbols: true,
    TemporaryPasswordValidityDays: 7,
  });
  assert.equal(pool.MfaConfiguration, 'OFF');
  assert.equal(pool.DeletionProtection, 'INACTIVE');
  assert.equal(pool.EstimatedNumberOfUsers, 0);
  assert.deepEqual(pool.AdminCreateUserConfig, {
    AllowAdminCreateUserOnly: false,
    UnusedAccountValidityDays: 7,
  });
  assert.ok(pool.CreationDate instanceof Date);
  assert.ok(Math.abs((pool.CreationDate as Date).getTime() - Date.now()) < 60_000);
  assert.equal(pool.UsernameAttributes, undefined);
  assert.equal(pool.AliasAttributes, undefined);
  assert.equal(pool.AutoVerifiedAttributes, undefined);
  assert.deepEqual(schemaOf(pool, 'sub'), {
    Name: 'sub',
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: false,
    Required: true,
    StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
  });
  for (const name of ['email', 'email_verified', 'phone_number', 'name', 'updated_at']) {
    assert.ok(schemaOf(pool, name), `standard attribute ${name}`);
  }
  const list = await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  assert.ok(list.UserPools?.some((p) => p.Id === pool.Id && p.Name === name));
});

test('the settings given are kept', async () => {
  const pool = await createPool(t, {
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    Policies: {
      PasswordPolicy: {
        MinimumLength: 12,
        RequireUppercase: false,
        RequireLowercase: true,
        RequireNumbers: false,
        RequireSymbols: false,
        TemporaryPasswordValidityDays: 3,
      },
    },
    Schema: [
      { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
      {
        Name: 'tier',
        AttributeDataType: 'String',
        Mutable: true,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '10' },
      },
    ],
    DeletionProtection: 'ACTIVE',
    UserPoolTags: { team: 'auth' },
  });
  assert.deepEqual(pool.UsernameAttributes, ['email']);
  assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
  assert.deepEqual(pool.UsernameConfiguration, { CaseSensitive: false });
  assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 12);
  assert.equal(pool.Policies?.PasswordPolicy?.RequireUppercase, false);
  assert.equal(pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays, 3);
  assert.equal(schemaOf(pool, 'email')?.Required, true);
  assert.deepEqual(schemaOf(pool, 'custom:tier'), {
    Name: 'custom:tier',
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    StringAttributeConstraints: { MinLength: '1', MaxLength: '10' },
  });
  assert.equal(pool.DeletionProtection, 'ACTIVE');
  assert.deepEqual(pool.UserPoolTags, { team: 'auth' });
});

test('invalid requests are InvalidParameterException and create nothing', async () => {
  const countBefore = (await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools
    ?.length;
  const attempts: Partial<CreateUserPoolRequest>[] = [
    { PoolName: 'bad/name' },
    { PoolName: unique('both'), UsernameAttributes: ['email'], AliasAttributes: ['email'] },
    { PoolName: unique('short'), Policies: { PasswordPolicy: { MinimumLength: 5 } } },
    { PoolName: undefined },
  ];
  for (const input of attempts) {
    await rejects(
      t.admin.send(new CreateUserPoolCommand(input as CreateUserPoolRequest)),
      'InvalidParameterException',
    );
  }
  await rejects(
    t.admin.send(new CreateUserPoolCommand({ PoolName: 'bad/name' })),
    'InvalidParameterException',
    "1 validation error detected: Value 'bad/name' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
  );
  await rejects(
    t.admin.send(
      new CreateUserPoolCommand({
        PoolName: unique('both'),
        UsernameAttributes: ['email'],
        AliasAttributes: ['email'],
      }),
    ),
    'InvalidParameterException',
    'Only one of aliasAttributes or usernameAttributes can be set in a user pool.',
  );
  const countAfter = (await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools
    ?.length;
  assert.equal(countAfter, countBefore);
});

test('each pool gets its own id and signing key', async () => {
  const a = await createPool(t);
  const b = await createPool(t);
  assert.notEqual(a.Id, b.Id);
  const keys = async (id: string) =>
    (
      (await (await fetch(`${t.url}/${id}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[];
      }
    ).keys;
  const [ka, kb] = [await keys(a.Id), await keys(b.Id)];
  assert.equal(ka.length, 1);
  assert.equal(kb.length, 1);
  assert.notEqual(ka[0].kid, kb[0].kid);
});
