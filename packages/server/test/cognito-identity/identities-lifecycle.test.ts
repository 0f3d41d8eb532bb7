import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  GetIdCommand,
  ListIdentitiesCommand,
  UnlinkIdentityCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  checkGuestAccess,
  findIdentity,
  linkLogins,
  loadIdentityPool,
} from '../../src/services/identity-pools/index.ts';
import {
  createConfirmed,
  passwordPool,
  rejects,
  signIn,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import { identityClients } from './pools-clients.ts';

let t: TestServer;
let c: ReturnType<typeof identityClients>;
let poolId: string;
let clientId: string;
let identityPoolId: string;
before(async () => {
  t = await startTestServer();
  c = identityClients(t);
  ({ poolId, clientId } = await passwordPool(t));
  identityPoolId = (
    await c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: unique('lifecycle'),
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: provider(), ClientId: clientId }],
      }),
    )
  ).IdentityPoolId as string;
});
after(async () => {
  c.destroy();
  await t.close();
});

const MISSING = 'us-east-1:00000000-0000-4000-8000-000000000000';
function provider() {
  return `cognito-idp.us-east-1.amazonaws.com/${poolId}`;
}

async function idToken() {
  const username = unique('life');
  await createConfirmed(t, poolId, username);
  return (await signIn(t, clientId, username)).IdToken;
}

const guest = async (pool = identityPoolId) =>
  (await c.anon.send(new GetIdCommand({ IdentityPoolId: pool }))).IdentityId as string;

const describe = (id: string) => c.admin.send(new DescribeIdentityCommand({ IdentityId: id }));

test('ListIdentities pages through the identities of one pool only', async () => {
  const pool = (
    await c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: unique('list'),
        AllowUnauthenticatedIdentities: true,
      }),
    )
  ).IdentityPoolId as string;
  const made = new Set<string>();
  for (let i = 0; i < 5; i++) made.add(await guest(pool));
  await guest(); // another pool's
  const seen: string[] = [];
  let next: string | undefined;
  do {
    const page = await c.admin.send(
      new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 2, NextToken: next }),
    );
    assert.equal(page.IdentityPoolId, pool);
    assert.ok((page.Identities?.length ?? 0) <= 2);
    for (const i of page.Identities ?? []) {
      assert.ok(i.CreationDate instanceof Date);
      seen.push(i.IdentityId as string);
    }
    next = page.NextToken;
  } while (next);
  assert.deepEqual(new Set(seen), made);
  await rejects(
    c.admin.send(new ListIdentitiesCommand({ IdentityPoolId: MISSING, MaxResults: 2 })),
    'ResourceNotFoundException',
  );
  await rejects(
    c.admin.send(new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 0 })),
    'InvalidParameterException',
  );
});

test('DescribeIdentity names the providers; an unknown identity is ResourceNotFoundException', async () => {
  const token = await idToken();
  const id = (
    await c.anon.send(
      new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [provider()]: token } }),
    )
  ).IdentityId as string;
  const d = await describe(id);
  assert.deepEqual(d.Logins, [provider()]);
  assert.ok(d.LastModifiedDate instanceof Date);
  await rejects(describe(MISSING), 'ResourceNotFoundException');
});

test('DeleteIdentities deletes; unknown ids come back unprocessed; a login then gets a new identity', async () => {
  const token = await idToken();
  const logins = { [provider()]: token };
  const first = (
    await c.anon.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }))
  ).IdentityId as string;
  const res = await c.admin.send(
    new DeleteIdentitiesCommand({ IdentityIdsToDelete: [first, MISSING] }),
  );
  assert.deepEqual(res.UnprocessedIdentityIds, [
    { IdentityId: MISSING, ErrorCode: 'InternalServerError' },
  ]);
  await rejects(describe(first), 'ResourceNotFoundException');
  const second = (
    await c.anon.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }))
  ).IdentityId;
  assert.ok(second);
  assert.notEqual(second, first);
  await rejects(
    c.admin.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [] })),
    'InvalidParameterException',
  );
});

test('UnlinkIdentity with the login proven removes it; a wrong token is refused', async () => {
  const token = await idToken();
  const logins = { [provider()]: token };
  const id = (
    await c.anon.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }))
  ).IdentityId as string;
  const other = await idToken();
  await rejects(
    c.anon.send(
      new UnlinkIdentityCommand({
        IdentityId: id,
        Logins: { [provider()]: other },
        LoginsToRemove: [provider()],
      }),
    ),
    'NotAuthorizedException',
  );
  assert.deepEqual((await describe(id)).Logins, [provider()]);
  await c.anon.send(
    new UnlinkIdentityCommand({ IdentityId: id, Logins: logins, LoginsToRemove: [provider()] }),
  );
  assert.deepEqual((await describe(id)).Logins ?? [], []);
});

test("linkLogins: a guest signing in becomes authenticated, or is merged into the user's identity", async () => {
  const ctx = t.server.ctx;
  const sub = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub as string;
  // No identity yet for this login: the guest identity itself takes it.
  const g1 = await guest();
  const s1 = sub(await idToken());
  assert.equal(await linkLogins(ctx, g1, [{ provider: provider(), subject: s1 }]), g1);
  assert.deepEqual((await describe(g1)).Logins, [provider()]);
  // The login already has an identity: the guest is merged into it and is gone.
  const g2 = await guest();
  assert.equal(await linkLogins(ctx, g2, [{ provider: provider(), subject: s1 }]), g1);
  assert.equal(await findIdentity(ctx, g2), undefined);
  // Linking again is a no-op.
  assert.equal(await linkLogins(ctx, g1, [{ provider: provider(), subject: s1 }]), g1);
});

test('turning guest access off refuses guests, existing guest identities included', async () => {
  const pool = (
    await c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: unique('off'),
        AllowUnauthenticatedIdentities: true,
      }),
    )
  ).IdentityPoolId as string;
  const g = await guest(pool);
  const ctx = t.server.ctx;
  const identity = await findIdentity(ctx, g);
  assert.ok(identity);
  checkGuestAccess(await loadIdentityPool(ctx, pool), identity);
  await c.admin.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: pool,
      IdentityPoolName: 'off',
      AllowUnauthenticatedIdentities: false,
    }),
  );
  const reloaded = await loadIdentityPool(ctx, pool);
  assert.throws(() => checkGuestAccess(reloaded, identity), {
    name: 'NotAuthorizedException',
    message: 'Unauthenticated access is not supported for this identity pool.',
  });
  // Deleting the pool deletes its identities.
  await c.admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: pool }));
  await rejects(describe(g), 'ResourceNotFoundException');
});
