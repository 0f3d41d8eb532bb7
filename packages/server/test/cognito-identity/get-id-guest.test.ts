import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  GetIdCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { rejects, startTestServer, type TestServer, unique } from '../support/index.ts';
import { identityClients } from './pools-clients.ts';

let t: TestServer;
let c: ReturnType<typeof identityClients>;
before(async () => {
  t = await startTestServer();
  c = identityClients(t);
});
after(async () => {
  c.destroy();
  await t.close();
});

const ID = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function guestPool(allow = true) {
  return c.admin.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: unique('guests'),
      AllowUnauthenticatedIdentities: allow,
    }),
  );
}

test('a guest gets a new identity of the pool each time, with or without an empty Logins', async () => {
  const pool = await guestPool();
  assert.match(pool.IdentityPoolId ?? '', ID);
  const a = await c.anon.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId }));
  const b = await c.anon.send(
    new GetIdCommand({
      IdentityPoolId: pool.IdentityPoolId,
      Logins: {},
      AccountId: '123456789012',
    }),
  );
  assert.match(a.IdentityId ?? '', ID);
  assert.match(b.IdentityId ?? '', ID);
  assert.notEqual(a.IdentityId, b.IdentityId);
  const described = await c.admin.send(new DescribeIdentityCommand({ IdentityId: a.IdentityId }));
  assert.equal(described.IdentityId, a.IdentityId);
  assert.deepEqual(described.Logins ?? [], []);
  assert.ok(described.CreationDate instanceof Date);
});

test('a pool without guest access refuses a guest GetId', async () => {
  const pool = await guestPool(false);
  await rejects(
    c.anon.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: {} })),
    'NotAuthorizedException',
    'Unauthenticated access is not supported for this identity pool.',
  );
  await c.admin.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: pool.IdentityPoolId,
      IdentityPoolName: pool.IdentityPoolName,
      AllowUnauthenticatedIdentities: true,
    }),
  );
  const got = await c.anon.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId }));
  assert.match(got.IdentityId ?? '', ID);
});

test('GetId of an unknown pool is ResourceNotFoundException; a malformed id is refused', async () => {
  await rejects(
    c.anon.send(
      new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' }),
    ),
    'ResourceNotFoundException',
  );
  await rejects(
    c.anon.send(new GetIdCommand({ IdentityPoolId: 'not an id' })),
    'InvalidParameterException',
  );
});

test('an unsigned management call is refused', async () => {
  await rejects(
    c.anon.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'x',
        AllowUnauthenticatedIdentities: true,
      }),
    ),
    'UnrecognizedClientException',
  );
});
