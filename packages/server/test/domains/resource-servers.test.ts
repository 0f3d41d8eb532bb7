import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { customScopesOf } from '../../src/services/resource-servers/index.ts';
import {
  createClient,
  createPool,
  rejects,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const READ = { ScopeName: 'read', ScopeDescription: 'Read things' };
const WRITE = { ScopeName: 'write', ScopeDescription: 'Write things' };

test('create, describe, update, list and delete a resource server', async () => {
  const pool = await createPool(t);
  const created = await t.admin.send(
    new CreateResourceServerCommand({
      UserPoolId: pool.Id,
      Identifier: 'https://api.example.com',
      Name: 'Example API',
      Scopes: [READ, WRITE],
    }),
  );
  assert.deepEqual(created.ResourceServer, {
    UserPoolId: pool.Id,
    Identifier: 'https://api.example.com',
    Name: 'Example API',
    Scopes: [READ, WRITE],
  });
  const described = await t.admin.send(
    new DescribeResourceServerCommand({
      UserPoolId: pool.Id,
      Identifier: 'https://api.example.com',
    }),
  );
  assert.deepEqual(described.ResourceServer, created.ResourceServer);

  const updated = await t.admin.send(
    new UpdateResourceServerCommand({
      UserPoolId: pool.Id,
      Identifier: 'https://api.example.com',
      Name: 'Renamed',
      Scopes: [READ],
    }),
  );
  assert.equal(updated.ResourceServer?.Name, 'Renamed');
  assert.deepEqual(updated.ResourceServer?.Scopes, [READ]);
  // Update replaces: scopes left out become none.
  const bare = await t.admin.send(
    new UpdateResourceServerCommand({
      UserPoolId: pool.Id,
      Identifier: 'https://api.example.com',
      Name: 'Renamed',
    }),
  );
  assert.deepEqual(bare.ResourceServer?.Scopes, []);

  await t.admin.send(
    new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders', Name: 'Orders' }),
  );
  const list = await t.admin.send(
    new ListResourceServersCommand({ UserPoolId: pool.Id, MaxResults: 50 }),
  );
  assert.deepEqual(
    list.ResourceServers?.map((r) => r.Identifier),
    ['https://api.example.com', 'orders'],
  );

  await t.admin.send(
    new DeleteResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders' }),
  );
  await rejects(
    t.admin.send(new DescribeResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders' })),
    'ResourceNotFoundException',
  );
  await rejects(
    t.admin.send(new DeleteResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders' })),
    'ResourceNotFoundException',
  );
  await rejects(
    t.admin.send(
      new UpdateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders', Name: 'x' }),
    ),
    'ResourceNotFoundException',
  );
});

test('errors: duplicate identifier, duplicate scope, bad shapes, unknown pool, the limit of 25', async () => {
  const pool = await createPool(t);
  await t.admin.send(
    new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'api', Name: 'API' }),
  );
  await rejects(
    t.admin.send(
      new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'api', Name: 'Again' }),
    ),
    'InvalidParameterException',
    `api already exists in user pool ${pool.Id}.`,
  );
  await rejects(
    t.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: pool.Id,
        Identifier: 'dup',
        Name: 'Dup',
        Scopes: [READ, { ScopeName: 'read', ScopeDescription: 'again' }],
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    t.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: pool.Id,
        Identifier: 'slash',
        Name: 'Slash',
        Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'no slash in a scope name' }],
      }),
    ),
    'InvalidParameterException',
    /scopes\.1\.member\.scopeName/,
  );
  await rejects(
    t.admin.send(
      new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'has space', Name: 'x' }),
    ),
    'InvalidParameterException',
    /identifier/,
  );
  await rejects(
    t.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: 'us-east-1_Missing00',
        Identifier: 'x',
        Name: 'x',
      }),
    ),
    'ResourceNotFoundException',
  );
  await rejects(
    t.admin.send(new ListResourceServersCommand({ UserPoolId: pool.Id, MaxResults: 51 })),
    'InvalidParameterException',
  );

  for (let i = 1; i < 25; i++) {
    await t.admin.send(
      new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: `rs${i}`, Name: 'n' }),
    );
  }
  await rejects(
    t.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: pool.Id,
        Identifier: 'one-too-many',
        Name: 'n',
      }),
    ),
    'LimitExceededException',
  );

  // Pages of 10, through NextToken; a token from another pool is refused.
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await t.admin.send(
      new ListResourceServersCommand({ UserPoolId: pool.Id, MaxResults: 10, NextToken: token }),
    );
    seen.push(...(page.ResourceServers ?? []).map((r) => r.Identifier as string));
    token = page.NextToken;
    if (token) {
      const other = await createPool(t);
      await rejects(
        t.admin.send(
          new ListResourceServersCommand({
            UserPoolId: other.Id,
            MaxResults: 10,
            NextToken: token,
          }),
        ),
        'InvalidParameterException',
      );
    }
  } while (token);
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);
});

test('app clients may be allowed custom scopes that exist, and no others', async () => {
  const pool = await createPool(t);
  await t.admin.send(
    new CreateResourceServerCommand({
      UserPoolId: pool.Id,
      Identifier: 'https://api.example.com',
      Name: 'API',
      Scopes: [READ, WRITE],
    }),
  );
  assert.deepEqual((await customScopesOf(t.server.ctx, pool.Id)).sort(), [
    'https://api.example.com/read',
    'https://api.example.com/write',
  ]);
  const client = await createClient(t, pool.Id, {
    AllowedOAuthFlows: ['code'],
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: ['https://app.example.com/cb'],
    AllowedOAuthScopes: ['openid', 'https://api.example.com/read'],
  });
  assert.deepEqual(client.AllowedOAuthScopes, ['openid', 'https://api.example.com/read']);

  await rejects(
    createClient(t, pool.Id, { AllowedOAuthScopes: ['openid', 'https://api.example.com/delete'] }),
    'ScopeDoesNotExistException',
    'Invalid scope requested: https://api.example.com/delete',
  );
  await rejects(
    createClient(t, pool.Id, { AllowedOAuthScopes: ['Cognito'] }),
    'ScopeDoesNotExistException',
    'Invalid scope requested: Cognito',
  );
  await rejects(
    t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: pool.Id,
        ClientId: client.ClientId,
        AllowedOAuthScopes: ['https://api.example.com/nope'],
      }),
    ),
    'ScopeDoesNotExistException',
  );
  const unchanged = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }),
  );
  assert.deepEqual(unchanged.UserPoolClient?.AllowedOAuthScopes, [
    'openid',
    'https://api.example.com/read',
  ]);
  // Another pool's scopes are not this pool's.
  const other = await createPool(t);
  await rejects(
    createClient(t, other.Id, { AllowedOAuthScopes: ['https://api.example.com/read'] }),
    'ScopeDoesNotExistException',
  );
});

test('DeleteUserPool removes its resource servers', async () => {
  const pool = await createPool(t);
  await t.admin.send(
    new CreateResourceServerCommand({
      UserPoolId: pool.Id,
      Identifier: 'gone',
      Name: 'n',
      Scopes: [READ],
    }),
  );
  await t.admin.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(await customScopesOf(t.server.ctx, pool.Id), []);
});
