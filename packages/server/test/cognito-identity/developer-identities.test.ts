// Developer authenticated identities with @aws-sdk/client-cognito-identity:
// GetOpenIdTokenForDeveloperIdentity, LookupDeveloperIdentity, MergeDeveloperIdentities,
// UnlinkDeveloperIdentity, and the developer token handed back as a login.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CognitoIdentityClient,
  CreateIdentityPoolCommand,
  type CreateIdentityPoolInput,
  DescribeIdentityCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  type GetOpenIdTokenForDeveloperIdentityInput,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  SetIdentityPoolRolesCommand,
  UnlinkDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import { identityClients } from './pools-clients.ts';

const DEV = 'login.cognate.test';

let t: TestServer;
let admin: CognitoIdentityClient;
let anon: CognitoIdentityClient;
let clientId: string;
let provider: string;

before(async () => {
  t = await startTestServer();
  ({ admin, anon } = identityClients(t));
  const up = await passwordPool(t);
  clientId = up.clientId as string;
  provider = `cognito-idp.us-east-1.amazonaws.com/${up.poolId}`;
});
after(async () => {
  admin.destroy();
  anon.destroy();
  await t.close();
});

async function identityPool(input: Partial<CreateIdentityPoolInput> = {}): Promise<string> {
  const res = await admin.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: unique('dev'),
      AllowUnauthenticatedIdentities: false,
      DeveloperProviderName: DEV,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
      ...input,
    }),
  );
  return res.IdentityPoolId as string;
}

function devToken(
  poolId: string,
  user: string,
  extra: Partial<GetOpenIdTokenForDeveloperIdentityInput> = {},
) {
  return admin.send(
    new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: poolId,
      Logins: { [DEV]: user },
      ...extra,
    }),
  );
}

const lookup = (
  poolId: string,
  input: {
    IdentityId?: string;
    DeveloperUserIdentifier?: string;
    MaxResults?: number;
    NextToken?: string;
  },
) => admin.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, ...input }));

async function idToken() {
  const username = unique('devu');
  const sub = await signUpConfirmed(t, clientId, username);
  return { sub, token: (await signIn(t, clientId, username)).IdToken };
}

test('creates the identity of a developer user once, with a verifiable token', async () => {
  const poolId = await identityPool();
  const first = await devToken(poolId, 'alice');
  assert.match(first.IdentityId as string, /^us-east-1:[0-9a-f-]{36}$/);
  const again = await devToken(poolId, 'alice');
  assert.equal(again.IdentityId, first.IdentityId);
  const other = await devToken(poolId, 'bob');
  assert.notEqual(other.IdentityId, first.IdentityId);

  const jwks = createRemoteJWKSet(new URL(`${t.url}/identity-pools/.well-known/jwks.json`));
  const { payload } = await jwtVerify(first.Token as string, jwks, {
    issuer: `${t.url}/identity-pools`,
    audience: poolId,
    currentDate: new Date(t.clock.now()),
  });
  assert.equal(payload.sub, first.IdentityId);
  assert.deepEqual(payload.amr, ['authenticated', DEV, `${DEV}:${poolId}:alice`]);
  // 15 minutes unless TokenDuration says otherwise.
  assert.equal((payload.exp as number) - (payload.iat as number), 900);
  const described = await admin.send(new DescribeIdentityCommand({ IdentityId: first.IdentityId }));
  assert.deepEqual(described.Logins, [DEV]);
});

test('TokenDuration up to a day, and PrincipalTags as session tags', async () => {
  const poolId = await identityPool();
  const day = await devToken(poolId, 'carl', {
    TokenDuration: 86400,
    PrincipalTags: { team: 'blue', tier: 'gold' },
  });
  const claims = decodeJwt(day.Token as string);
  assert.equal((claims.exp as number) - (claims.iat as number), 86400);
  assert.deepEqual(claims['https://aws.amazon.com/tags'], {
    principal_tags: { team: ['blue'], tier: ['gold'] },
  });
  await rejects(devToken(poolId, 'carl', { TokenDuration: 86401 }), 'InvalidParameterException');
  await rejects(devToken(poolId, 'carl', { TokenDuration: 0 }), 'InvalidParameterException');
});

test('the developer token is accepted back as the cognito-identity.amazonaws.com login', async () => {
  const poolId = await identityPool();
  const { IdentityId, Token } = await devToken(poolId, 'dora');
  const res = await anon.send(
    new GetOpenIdTokenCommand({
      IdentityId,
      Logins: { 'cognito-identity.amazonaws.com': Token as string },
    }),
  );
  assert.equal(res.IdentityId, IdentityId);
  assert.deepEqual(decodeJwt(res.Token as string).amr, [
    'authenticated',
    DEV,
    `${DEV}:${poolId}:dora`,
  ]);
  // Not in another pool, and a guest token of the same issuer is no developer login.
  const other = await identityPool();
  const { IdentityId: otherId } = await devToken(other, 'dora');
  await rejects(
    anon.send(
      new GetOpenIdTokenCommand({
        IdentityId: otherId,
        Logins: { 'cognito-identity.amazonaws.com': Token as string },
      }),
    ),
    'NotAuthorizedException',
  );
});

test("the app gets credentials with the developer identity's token", async () => {
  const poolId = await identityPool();
  const role = 'arn:aws:iam::123456789012:role/dev-users';
  await admin.send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: role } }),
  );
  const { IdentityId, Token } = await devToken(poolId, 'paz');
  const res = await anon.send(
    new GetCredentialsForIdentityCommand({
      IdentityId,
      Logins: { 'cognito-identity.amazonaws.com': Token as string },
    }),
  );
  assert.equal(res.IdentityId, IdentityId);
  assert.match(res.Credentials?.AccessKeyId ?? '', /^ASIA/);
  assert.ok(res.Credentials?.SessionToken);
  // Without the token the identity is not a guest: its login must be proved.
  await rejects(
    anon.send(new GetCredentialsForIdentityCommand({ IdentityId })),
    'NotAuthorizedException',
  );
});

test('links a developer user to a given identity, once', async () => {
  const poolId = await identityPool({ AllowUnauthenticatedIdentities: true });
  const { IdentityId: guest } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  const linked = await devToken(poolId, 'erin', { IdentityId: guest });
  assert.equal(linked.IdentityId, guest);
  assert.equal((await devToken(poolId, 'erin')).IdentityId, guest);
  // Another developer user on the same identity.
  assert.equal((await devToken(poolId, 'erin2', { IdentityId: guest })).IdentityId, guest);
  const { IdentityId: other } = await anon.send(new GetIdCommand({ IdentityPoolId: poolId }));
  await rejects(
    devToken(poolId, 'erin', { IdentityId: other }),
    'DeveloperUserAlreadyRegisteredException',
  );
  await rejects(
    devToken(poolId, 'erin3', { IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' }),
    'ResourceNotFoundException',
  );
});

test('other logins given with the developer user are verified and linked', async () => {
  const poolId = await identityPool();
  const user = await idToken();
  const res = await devToken(poolId, 'fred', {
    Logins: { [DEV]: 'fred', [provider]: user.token },
  });
  const claims = decodeJwt(res.Token as string);
  assert.deepEqual(claims.amr, [
    'authenticated',
    DEV,
    `${DEV}:${poolId}:fred`,
    provider,
    `${provider}:CognitoSignIn:${user.sub}`,
  ]);
  const { IdentityId } = await anon.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: user.token } }),
  );
  assert.equal(IdentityId, res.IdentityId);
  await rejects(
    devToken(poolId, 'fred2', { Logins: { [DEV]: 'fred2', [provider]: 'not-a-token' } }),
    'NotAuthorizedException',
  );
  await rejects(lookup(poolId, { DeveloperUserIdentifier: 'fred2' }), 'ResourceNotFoundException');
  // The user pool user belongs to fred's identity: another developer user cannot take it, and
  // the identity begun for it is not kept.
  await rejects(
    devToken(poolId, 'fred3', { Logins: { [DEV]: 'fred3', [provider]: user.token } }),
    'ResourceConflictException',
  );
  await rejects(lookup(poolId, { DeveloperUserIdentifier: 'fred3' }), 'ResourceNotFoundException');
});

test('bad input: unknown pool or provider, unsigned calls', async () => {
  const poolId = await identityPool();
  await rejects(
    devToken('us-east-1:00000000-0000-4000-8000-000000000000', 'gus'),
    'ResourceNotFoundException',
  );
  await rejects(
    admin.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: poolId,
        Logins: { 'login.someone-else': 'gus' },
      }),
    ),
    'NotAuthorizedException',
  );
  const noDeveloper = await identityPool({ DeveloperProviderName: undefined });
  await rejects(devToken(noDeveloper, 'gus'), 'NotAuthorizedException');
  // Signed with a key the server does not hold: refused before anything is made.
  await rejects(
    anon.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: poolId,
        Logins: { [DEV]: 'gus' },
      }),
    ),
    'UnrecognizedClientException',
  );
  await rejects(lookup(poolId, { DeveloperUserIdentifier: 'gus' }), 'ResourceNotFoundException');
});

test('LookupDeveloperIdentity by user, by identity, both, with pages', async () => {
  const poolId = await identityPool();
  const { IdentityId } = await devToken(poolId, 'hal-b');
  await devToken(poolId, 'hal-a', { IdentityId });
  await devToken(poolId, 'hal-c', { IdentityId });
  const { IdentityId: otherId } = await devToken(poolId, 'ivy');

  const byUser = await lookup(poolId, { DeveloperUserIdentifier: 'hal-b' });
  assert.equal(byUser.IdentityId, IdentityId);
  assert.deepEqual(byUser.DeveloperUserIdentifierList, ['hal-a', 'hal-b', 'hal-c']);
  const both = await lookup(poolId, { IdentityId, DeveloperUserIdentifier: 'hal-c' });
  assert.equal(both.IdentityId, IdentityId);

  const page1 = await lookup(poolId, { IdentityId, MaxResults: 2 });
  assert.deepEqual(page1.DeveloperUserIdentifierList, ['hal-a', 'hal-b']);
  assert.ok(page1.NextToken);
  const page2 = await lookup(poolId, { IdentityId, MaxResults: 2, NextToken: page1.NextToken });
  assert.deepEqual(page2.DeveloperUserIdentifierList, ['hal-c']);
  assert.equal(page2.NextToken, undefined);
  // A page token is for its identity only.
  await rejects(
    lookup(poolId, { IdentityId: otherId, NextToken: page1.NextToken }),
    'InvalidParameterException',
  );

  await rejects(
    lookup(poolId, { IdentityId: otherId, DeveloperUserIdentifier: 'hal-a' }),
    'ResourceConflictException',
  );
  await rejects(lookup(poolId, {}), 'InvalidParameterException');
  await rejects(lookup(poolId, { DeveloperUserIdentifier: 'nobody' }), 'ResourceNotFoundException');
  await rejects(
    lookup(poolId, { IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' }),
    'ResourceNotFoundException',
  );
  // An identity of another pool is not found here.
  const elsewhere = await identityPool();
  await rejects(lookup(elsewhere, { IdentityId }), 'ResourceNotFoundException');
  await rejects(lookup(poolId, { IdentityId, MaxResults: 61 }), 'InvalidParameterException');
});

const merge = (poolId: string, source: string, destination: string, name = DEV) =>
  admin.send(
    new MergeDeveloperIdentitiesCommand({
      IdentityPoolId: poolId,
      DeveloperProviderName: name,
      SourceUserIdentifier: source,
      DestinationUserIdentifier: destination,
    }),
  );

test('MergeDeveloperIdentities moves the source user and its logins to the destination', async () => {
  const poolId = await identityPool();
  const user = await idToken();
  const { IdentityId: dest } = await devToken(poolId, 'jan');
  const { IdentityId: src } = await devToken(poolId, 'kim', {
    Logins: { [DEV]: 'kim', [provider]: user.token },
  });
  const merged = await merge(poolId, 'kim', 'jan');
  assert.equal(merged.IdentityId, dest);
  assert.equal((await lookup(poolId, { DeveloperUserIdentifier: 'kim' })).IdentityId, dest);
  assert.deepEqual((await lookup(poolId, { IdentityId: dest })).DeveloperUserIdentifierList, [
    'jan',
    'kim',
  ]);
  // The user pool login came along; the source identity is gone.
  const { IdentityId } = await anon.send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: user.token } }),
  );
  assert.equal(IdentityId, dest);
  await rejects(
    admin.send(new DescribeIdentityCommand({ IdentityId: src })),
    'ResourceNotFoundException',
  );
  // Merging users already together is a no-op.
  assert.equal((await merge(poolId, 'kim', 'jan')).IdentityId, dest);
});

test('MergeDeveloperIdentities refuses two users of one provider, and bad names', async () => {
  const poolId = await identityPool();
  const [u1, u2] = [await idToken(), await idToken()];
  const { IdentityId: a } = await devToken(poolId, 'lea', {
    Logins: { [DEV]: 'lea', [provider]: u1.token },
  });
  const { IdentityId: b } = await devToken(poolId, 'max', {
    Logins: { [DEV]: 'max', [provider]: u2.token },
  });
  await rejects(merge(poolId, 'max', 'lea'), 'ResourceConflictException');
  // Nothing moved.
  assert.equal((await lookup(poolId, { DeveloperUserIdentifier: 'max' })).IdentityId, b);
  assert.equal((await lookup(poolId, { DeveloperUserIdentifier: 'lea' })).IdentityId, a);
  await rejects(merge(poolId, 'max', 'lea', 'login.other'), 'NotAuthorizedException');
  await rejects(merge(poolId, 'nobody', 'lea'), 'ResourceNotFoundException');
  await rejects(merge(poolId, 'max', 'nobody'), 'ResourceNotFoundException');
  await rejects(
    merge('us-east-1:00000000-0000-4000-8000-000000000000', 'max', 'lea'),
    'ResourceNotFoundException',
  );
});

const unlink = (poolId: string, identityId: string, user: string, name = DEV) =>
  admin.send(
    new UnlinkDeveloperIdentityCommand({
      IdentityPoolId: poolId,
      IdentityId: identityId,
      DeveloperProviderName: name,
      DeveloperUserIdentifier: user,
    }),
  );

test('UnlinkDeveloperIdentity: the user is a new identity the next time it is seen', async () => {
  const poolId = await identityPool();
  const { IdentityId, Token } = await devToken(poolId, 'ned');
  const { IdentityId: other } = await devToken(poolId, 'ola');
  await rejects(unlink(poolId, other as string, 'ned'), 'ResourceConflictException');
  await rejects(
    unlink(poolId, IdentityId as string, 'ned', 'login.other'),
    'NotAuthorizedException',
  );
  await unlink(poolId, IdentityId as string, 'ned');
  // A token issued before does not link the user back.
  await rejects(
    anon.send(
      new GetOpenIdTokenCommand({
        IdentityId,
        Logins: { 'cognito-identity.amazonaws.com': Token as string },
      }),
    ),
    'NotAuthorizedException',
  );
  await rejects(lookup(poolId, { DeveloperUserIdentifier: 'ned' }), 'ResourceNotFoundException');
  assert.deepEqual((await lookup(poolId, { IdentityId })).DeveloperUserIdentifierList, []);
  await rejects(unlink(poolId, IdentityId as string, 'ned'), 'ResourceNotFoundException');
  const fresh = await devToken(poolId, 'ned');
  assert.notEqual(fresh.IdentityId, IdentityId);
});
