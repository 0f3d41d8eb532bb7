import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, rejects, startTestServer, type TestServer, unique } from '../support/index.ts';

let t: TestServer;
let poolId: string;
before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
});
after(() => t.close());

const create = (input: Partial<CreateUserPoolClientRequest>) =>
  t.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: unique('c'), ...input }),
  );

test('a client with only a name gets Cognito defaults and no secret', async () => {
  const res = await create({ ClientName: 'web' });
  const c = res.UserPoolClient;
  assert.ok(c);
  assert.match(c.ClientId ?? '', /^[0-9a-v]{26}$/);
  assert.equal(c.UserPoolId, poolId);
  assert.equal(c.ClientName, 'web');
  assert.equal(c.ClientSecret, undefined);
  assert.equal(c.RefreshTokenValidity, 30);
  assert.equal(c.AccessTokenValidity, undefined);
  assert.equal(c.IdTokenValidity, undefined);
  assert.equal(c.ExplicitAuthFlows, undefined);
  assert.equal(c.ReadAttributes, undefined);
  assert.equal(c.WriteAttributes, undefined);
  assert.equal(c.PreventUserExistenceErrors, undefined);
  assert.equal(c.AllowedOAuthFlowsUserPoolClient, false);
  assert.equal(c.EnableTokenRevocation, true);
  assert.equal(c.EnablePropagateAdditionalUserContextData, false);
  assert.equal(c.AuthSessionValidity, 3);
  assert.ok(c.CreationDate instanceof Date);
  assert.deepEqual(c.LastModifiedDate, c.CreationDate);
});

test('GenerateSecret gives a 51-character secret', async () => {
  const c = (await create({ GenerateSecret: true })).UserPoolClient;
  assert.match(c?.ClientSecret ?? '', /^[0-9a-v]{51}$/);
});

test('the settings given are kept', async () => {
  const c = (
    await create({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ReadAttributes: ['email', 'email_verified', 'name'],
      WriteAttributes: ['email', 'name'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: false,
      AccessTokenValidity: 15,
      IdTokenValidity: 30,
      RefreshTokenValidity: 7,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      AuthSessionValidity: 10,
    })
  ).UserPoolClient;
  assert.deepEqual(c?.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  assert.deepEqual(c?.ReadAttributes, ['email', 'email_verified', 'name']);
  assert.deepEqual(c?.WriteAttributes, ['email', 'name']);
  assert.equal(c?.PreventUserExistenceErrors, 'ENABLED');
  assert.equal(c?.EnableTokenRevocation, false);
  assert.equal(c?.AccessTokenValidity, 15);
  assert.equal(c?.IdTokenValidity, 30);
  assert.equal(c?.RefreshTokenValidity, 7);
  assert.deepEqual(c?.TokenValidityUnits, {
    AccessToken: 'minutes',
    IdToken: 'minutes',
    RefreshToken: 'days',
  });
  assert.equal(c?.AuthSessionValidity, 10);
});

test('invalid settings are InvalidParameterException and create nothing', async () => {
  const count = async () =>
    (await t.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 })))
      .UserPoolClients?.length;
  const countBefore = await count();
  await rejects(
    create({ ReadAttributes: ['no_such_attribute'] }),
    'InvalidParameterException',
    'Invalid read attributes specified while creating a client',
  );
  await rejects(
    create({ WriteAttributes: ['email_verified'] }),
    'InvalidParameterException',
    'Invalid write attributes specified while creating a client',
  );
  await rejects(
    create({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
    'InvalidParameterException',
    /REFRESH_TOKEN_AUTH/,
  );
  await rejects(
    create({ AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'minutes' } }),
    'InvalidParameterException',
    /token validity/i,
  );
  await rejects(create({ ClientName: undefined }), 'InvalidParameterException');
  assert.equal(await count(), countBefore);
});

test('an unknown pool is ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: 'us-east-1_NoSuchPoo', ClientName: 'x' }),
    ),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
});
