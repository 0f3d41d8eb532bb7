import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  GetIdCommand,
  ListIdentitiesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  claims,
  createClient,
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
let otherClientId: string;
let identityPoolId: string;
let checkedPoolId: string;
before(async () => {
  t = await startTestServer();
  c = identityClients(t);
  ({ poolId, clientId } = await passwordPool(t));
  otherClientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId as string;
  const provider = `cognito-idp.us-east-1.amazonaws.com/${poolId}`;
  identityPoolId = (
    await c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: unique('logins'),
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
      }),
    )
  ).IdentityPoolId as string;
  checkedPoolId = (
    await c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: unique('checked'),
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [
          { ProviderName: provider, ClientId: clientId, ServerSideTokenCheck: true },
        ],
      }),
    )
  ).IdentityPoolId as string;
});
after(async () => {
  c.destroy();
  await t.close();
});

const awsKey = () => `cognito-idp.us-east-1.amazonaws.com/${poolId}`;

async function user(client = clientId) {
  const username = unique('idp');
  await createConfirmed(t, poolId, username);
  return { username, tokens: await signIn(t, client, username) };
}

const getId = (logins: Record<string, string>, pool = identityPoolId) =>
  c.anon.send(new GetIdCommand({ IdentityPoolId: pool, Logins: logins }));

test('an ID token under either Logins key gives one identity for the user, for ever', async () => {
  const { tokens } = await user();
  const issuerKey = String(claims(tokens.IdToken).iss).replace(/^https?:\/\//, '');
  assert.equal(issuerKey, `${t.url.replace(/^https?:\/\//, '')}/${poolId}`);
  const a = await getId({ [awsKey()]: tokens.IdToken });
  const b = await getId({ [issuerKey]: tokens.IdToken });
  assert.ok(a.IdentityId);
  assert.equal(b.IdentityId, a.IdentityId);
  const described = await c.admin.send(new DescribeIdentityCommand({ IdentityId: a.IdentityId }));
  assert.deepEqual(described.Logins, [awsKey()]);
  const other = await user();
  const d = await getId({ [awsKey()]: other.tokens.IdToken });
  assert.notEqual(d.IdentityId, a.IdentityId);
});

test('parallel first GetId calls of one user agree on one identity', async () => {
  const { tokens } = await user();
  const before = await c.admin.send(
    new ListIdentitiesCommand({ IdentityPoolId: identityPoolId, MaxResults: 60 }),
  );
  const results = await Promise.all(
    Array.from({ length: 8 }, () => getId({ [awsKey()]: tokens.IdToken })),
  );
  const ids = new Set(results.map((r) => r.IdentityId));
  assert.equal(ids.size, 1);
  let count = 0;
  let next: string | undefined;
  do {
    const page = await c.admin.send(
      new ListIdentitiesCommand({
        IdentityPoolId: identityPoolId,
        MaxResults: 60,
        NextToken: next,
      }),
    );
    count += page.Identities?.length ?? 0;
    next = page.NextToken;
  } while (next);
  assert.equal(count, (before.Identities?.length ?? 0) + 1);
});

test('an access token is refused as Cognito refuses it, and nothing is created', async () => {
  const { tokens } = await user();
  await rejects(
    getId({ [awsKey()]: tokens.AccessToken }),
    'NotAuthorizedException',
    'Invalid login token. Missing a required claim: aud',
  );
});

test('a token of a client the identity pool does not list is refused', async () => {
  const { tokens } = await user(otherClientId);
  await rejects(
    getId({ [awsKey()]: tokens.IdToken }),
    'NotAuthorizedException',
    'Token is not from a supported provider of this identity pool.',
  );
});

test('a token of another user pool, or under another pool name, is refused', async () => {
  const other = await passwordPool(t);
  const username = unique('elsewhere');
  await createConfirmed(t, other.poolId, username);
  const tokens = await signIn(t, other.clientId, username);
  // Under its own name: not a provider of this identity pool.
  await rejects(
    getId({ [`cognito-idp.us-east-1.amazonaws.com/${other.poolId}`]: tokens.IdToken }),
    'NotAuthorizedException',
    'Token is not from a supported provider of this identity pool.',
  );
  // Under this pool's name: the issuer does not match.
  await rejects(
    getId({ [awsKey()]: tokens.IdToken }),
    'NotAuthorizedException',
    "Invalid login token. Issuer doesn't match providerName",
  );
});

test('a tampered or malformed token is refused', async () => {
  const { tokens } = await user();
  const [h, p, s] = tokens.IdToken.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.sub = '00000000-0000-4000-8000-000000000000';
  const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  await rejects(
    getId({ [awsKey()]: forged }),
    'NotAuthorizedException',
    "Invalid login token. Couldn't verify signed token.",
  );
  await rejects(getId({ [awsKey()]: 'not-a-token' }), 'NotAuthorizedException');
  await rejects(
    getId({ 'graph.facebook.com': tokens.IdToken }),
    'NotAuthorizedException',
    'Token is not from a supported provider of this identity pool.',
  );
});

test('with ServerSideTokenCheck a signed-out or disabled user is refused', async () => {
  const a = await user();
  assert.ok((await getId({ [awsKey()]: a.tokens.IdToken }, checkedPoolId)).IdentityId);
  await t.admin.send(
    new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: a.username }),
  );
  await rejects(
    getId({ [awsKey()]: a.tokens.IdToken }, checkedPoolId),
    'NotAuthorizedException',
    /^Invalid login token\./,
  );
  // Without the check, the same token still works until it expires.
  assert.ok((await getId({ [awsKey()]: a.tokens.IdToken })).IdentityId);
  const b = await user();
  await t.admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: b.username }));
  await rejects(
    getId({ [awsKey()]: b.tokens.IdToken }, checkedPoolId),
    'NotAuthorizedException',
    /^Invalid login token\./,
  );
});

test('an expired ID token is refused (last: it moves the clock)', async () => {
  const { tokens } = await user();
  advanceClock(t, 2 * 60 * 60 * 1000);
  await rejects(
    getId({ [awsKey()]: tokens.IdToken }),
    'NotAuthorizedException',
    /^Invalid login token\. Token expired: \d+ >= \d+$/,
  );
});
