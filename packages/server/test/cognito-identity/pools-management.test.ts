import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  SetIdentityPoolRolesCommand,
  TagResourceCommand,
  UntagResourceCommand,
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

const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abcDEF123';
const AUTH_ROLE = 'arn:aws:iam::123456789012:role/Cognito_Auth';
const GUEST_ROLE = 'arn:aws:iam::123456789012:role/Cognito_Unauth';
const MISSING = 'us-east-1:00000000-0000-4000-8000-000000000000';

function create(extra: Partial<ConstructorParameters<typeof CreateIdentityPoolCommand>[0]> = {}) {
  return c.admin.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: unique('pool'),
      AllowUnauthenticatedIdentities: true,
      ...extra,
    }),
  );
}

test('CreateIdentityPool answers and DescribeIdentityPool returns what was set', async () => {
  const created = await create({
    AllowClassicFlow: true,
    DeveloperProviderName: 'login.example',
    SupportedLoginProviders: { 'graph.facebook.com': '1234567890' },
    OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/issuer.example.com'],
    CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1' }],
    IdentityPoolTags: { team: 'web' },
  });
  assert.match(created.IdentityPoolId ?? '', /^us-east-1:[0-9a-f-]{36}$/);
  const described = await c.admin.send(
    new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }),
  );
  const { $metadata: _a, ...a } = created;
  const { $metadata: _b, ...b } = described;
  assert.deepEqual(b, a);
  assert.equal(b.AllowClassicFlow, true);
  assert.equal(b.DeveloperProviderName, 'login.example');
  assert.deepEqual(b.CognitoIdentityProviders, [
    { ProviderName: PROVIDER, ClientId: 'client1', ServerSideTokenCheck: false },
  ]);
  assert.deepEqual(b.IdentityPoolTags, { team: 'web' });
});

test('CreateIdentityPool validates as the model does', async () => {
  await rejects(
    c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'bad/name',
        AllowUnauthenticatedIdentities: true,
      }),
    ),
    'InvalidParameterException',
    /at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  await rejects(
    c.admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'x' } as never)),
    'InvalidParameterException',
    /allowUnauthenticatedIdentities/,
  );
  await rejects(
    create({ OpenIdConnectProviderARNs: ['not-an-arn-but-long-enough'] }),
    'InvalidParameterException',
  );
});

test('UpdateIdentityPool replaces the settings, keeps roles; the developer provider cannot change', async () => {
  const created = await create({
    DeveloperProviderName: 'dev.example',
    CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1' }],
  });
  const id = created.IdentityPoolId as string;
  await c.admin.send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: AUTH_ROLE } }),
  );
  const updated = await c.admin.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: id,
      IdentityPoolName: 'renamed',
      AllowUnauthenticatedIdentities: false,
      DeveloperProviderName: 'dev.example',
    }),
  );
  assert.equal(updated.IdentityPoolName, 'renamed');
  assert.equal(updated.AllowUnauthenticatedIdentities, false);
  assert.equal(updated.CognitoIdentityProviders, undefined);
  const roles = await c.admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
  assert.deepEqual(roles.Roles, { authenticated: AUTH_ROLE });
  await rejects(
    c.admin.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: id,
        IdentityPoolName: 'renamed',
        AllowUnauthenticatedIdentities: false,
        DeveloperProviderName: 'other.example',
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    c.admin.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: MISSING,
        IdentityPoolName: 'x',
        AllowUnauthenticatedIdentities: false,
      }),
    ),
    'ResourceNotFoundException',
  );
});

test('DeleteIdentityPool removes the pool; a second delete is ResourceNotFoundException', async () => {
  const id = (await create()).IdentityPoolId;
  await c.admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }));
  await rejects(
    c.admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })),
    'ResourceNotFoundException',
  );
  await rejects(
    c.admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })),
    'ResourceNotFoundException',
  );
});

test('ListIdentityPools pages through every pool once', async () => {
  const made = new Set<string>();
  for (let i = 0; i < 5; i++) made.add((await create()).IdentityPoolId as string);
  const seen: string[] = [];
  let next: string | undefined;
  do {
    const page = await c.admin.send(
      new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: next }),
    );
    assert.ok((page.IdentityPools?.length ?? 0) <= 2);
    for (const p of page.IdentityPools ?? []) {
      assert.ok(p.IdentityPoolName);
      seen.push(p.IdentityPoolId as string);
    }
    next = page.NextToken;
  } while (next);
  assert.equal(new Set(seen).size, seen.length);
  for (const id of made) assert.ok(seen.includes(id));
  await rejects(
    c.admin.send(new ListIdentityPoolsCommand({ MaxResults: 61 })),
    'InvalidParameterException',
  );
  await rejects(
    c.admin.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: 'forged' })),
    'InvalidParameterException',
  );
});

test('SetIdentityPoolRoles stores roles and role mappings; GetIdentityPoolRoles returns them', async () => {
  const id = (
    await create({ CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1' }] })
  ).IdentityPoolId as string;
  const key = `${PROVIDER}:client1`;
  const RoleMappings = {
    [key]: {
      Type: 'Rules' as const,
      AmbiguousRoleResolution: 'AuthenticatedRole' as const,
      RulesConfiguration: {
        Rules: [
          {
            Claim: 'custom:team',
            MatchType: 'Equals' as const,
            Value: 'admins',
            RoleARN: 'arn:aws:iam::123456789012:role/Admins',
          },
        ],
      },
    },
  };
  await c.admin.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: id,
      Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE },
      RoleMappings,
    }),
  );
  const got = await c.admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
  assert.equal(got.IdentityPoolId, id);
  assert.deepEqual(got.Roles, { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE });
  assert.deepEqual(got.RoleMappings, RoleMappings);
  await c.admin.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: id,
      Roles: { authenticated: AUTH_ROLE },
      RoleMappings: { [key]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
    }),
  );
  const token = await c.admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
  assert.deepEqual(token.RoleMappings, {
    [key]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' },
  });
  assert.deepEqual(token.Roles, { authenticated: AUTH_ROLE });
});

test('SetIdentityPoolRoles refuses what Cognito refuses', async () => {
  const id = (
    await create({ CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1' }] })
  ).IdentityPoolId as string;
  const key = `${PROVIDER}:client1`;
  const bad = [
    { Roles: { admin: AUTH_ROLE } },
    { Roles: { authenticated: 'short' } },
    { Roles: {}, RoleMappings: { [key]: { Type: 'Token' } } },
    { Roles: {}, RoleMappings: { [key]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny' } } },
    {
      Roles: {},
      RoleMappings: {
        [key]: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'Deny',
          RulesConfiguration: { Rules: [] },
        },
      },
    },
    {
      Roles: {},
      RoleMappings: { 'unknown:client': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
    },
    { Roles: {}, RoleMappings: { [key]: { Type: 'Magic', AmbiguousRoleResolution: 'Deny' } } },
  ];
  for (const input of bad) {
    await rejects(
      c.admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, ...input } as never)),
      'InvalidParameterException',
    );
  }
  const after = await c.admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
  assert.deepEqual(after.Roles, {});
  await rejects(
    c.admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: MISSING })),
    'ResourceNotFoundException',
  );
});

test('TagResource, UntagResource and ListTagsForResource by the pool ARN', async () => {
  const id = (await create({ IdentityPoolTags: { a: '1' } })).IdentityPoolId as string;
  const arn = `arn:aws:cognito-identity:us-east-1:${await accountId()}:identitypool/${id}`;
  await c.admin.send(new TagResourceCommand({ ResourceArn: arn, Tags: { b: '2', a: '3' } }));
  assert.deepEqual(
    (await c.admin.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags,
    { a: '3', b: '2' },
  );
  await c.admin.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
  assert.deepEqual(
    (await c.admin.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags,
    { b: '2' },
  );
  const described = await c.admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
  assert.deepEqual(described.IdentityPoolTags, { b: '2' });
  await rejects(
    c.admin.send(new ListTagsForResourceCommand({ ResourceArn: arn.replace(id, MISSING) })),
    'ResourceNotFoundException',
  );
  await rejects(
    c.admin.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:s3:::some-bucket-name' })),
    'InvalidParameterException',
  );
});

/** The server's account id, as it writes it in ARNs (read from a user pool's ARN). */
async function accountId(): Promise<string> {
  const { CreateUserPoolCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const pool = await t.admin.send(new CreateUserPoolCommand({ PoolName: unique('arn') }));
  return String(pool.UserPool?.Arn).split(':')[4];
}
