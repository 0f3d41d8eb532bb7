import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { passwordPool, rejects, startTestServer, type TestServer } from '../support/index.ts';
import {
  ACCOUNT,
  AUTH_ROLE,
  credentialsFor,
  identityPool,
  providerOf,
  signedInUser,
  sts,
} from './credentials-fixture.ts';
import { identityClients } from './pools-clients.ts';

const TTL = 900;
let t: TestServer;
let c: ReturnType<typeof identityClients>;
let userPool: { poolId: string; clientId: string };
let identityPoolId: string;
before(async () => {
  t = await startTestServer({ config: { credentialsTtlSeconds: TTL } });
  c = identityClients(t);
  userPool = await passwordPool(t);
  identityPoolId = await identityPool(c, userPool);
});
after(async () => {
  c.destroy();
  await t.close();
});

const LOGINS_DONT_MATCH =
  "Logins don't match. Please include at least one valid login for this identity or identity pool.";

test('fromCognitoIdentityPool gives a guest credentials that STS GetCallerIdentity accepts', async () => {
  const provider = fromCognitoIdentityPool({
    identityPoolId,
    clientConfig: { region: 'us-east-1', endpoint: t.url },
  });
  const creds = await provider();
  assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(creds.secretAccessKey.length, 40);
  assert.ok(creds.sessionToken);
  assert.match(creds.identityId, /^us-east-1:[0-9a-f-]{36}$/);
  // The server's TTL setting, not AWS's hour.
  const left = (creds.expiration as Date).getTime() - t.clock.now();
  assert.ok(left > (TTL - 5) * 1000 && left <= TTL * 1000, `expires in ${left} ms`);
  const client = sts(t, provider);
  const me = await client.send(new GetCallerIdentityCommand({}));
  client.destroy();
  assert.equal(me.Account, ACCOUNT);
  assert.equal(
    me.Arn,
    `arn:aws:sts::${ACCOUNT}:assumed-role/IdentityGuest/CognitoIdentityCredentials`,
  );
  assert.match(me.UserId ?? '', /^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);
});

test('fromCognitoIdentityPool with an ID token from InitiateAuth gives the authenticated role', async () => {
  const { idToken } = await signedInUser(t, userPool.poolId, userPool.clientId);
  const provider = fromCognitoIdentityPool({
    identityPoolId,
    logins: { [providerOf(userPool.poolId)]: idToken },
    clientConfig: { region: 'us-east-1', endpoint: t.url },
  });
  const creds = await provider();
  const client = sts(t, provider);
  const me = await client.send(new GetCallerIdentityCommand({}));
  client.destroy();
  assert.equal(
    me.Arn,
    `arn:aws:sts::${ACCOUNT}:assumed-role/IdentityAuth/CognitoIdentityCredentials`,
  );
  // The identity is the user's for ever: a second GetId answers the same one.
  const again = await c.anon.send(
    new GetIdCommand({
      IdentityPoolId: identityPoolId,
      Logins: { [providerOf(userPool.poolId)]: idToken },
    }),
  );
  assert.equal(again.IdentityId, creds.identityId);
});

test('the issuer form of the Logins key (aws-amplify v6) works too', async () => {
  const { idToken } = await signedInUser(t, userPool.poolId, userPool.clientId);
  const key = `${t.url.replace(/^https?:\/\//, '')}/${userPool.poolId}`;
  const { credentials } = await credentialsFor(c, identityPoolId, { [key]: idToken });
  const client = sts(t, credentials);
  const me = await client.send(new GetCallerIdentityCommand({}));
  client.destroy();
  assert.match(me.Arn ?? '', /assumed-role\/IdentityAuth\//);
});

test('an authenticated identity needs its Logins; a token of the wrong kind is refused', async () => {
  const { idToken, tokens } = await signedInUser(t, userPool.poolId, userPool.clientId);
  const logins = { [providerOf(userPool.poolId)]: idToken };
  const { identityId } = await credentialsFor(c, identityPoolId, logins);
  await rejects(
    c.anon.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId })),
    'NotAuthorizedException',
    LOGINS_DONT_MATCH,
  );
  await rejects(
    c.anon.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: identityId,
        Logins: { [providerOf(userPool.poolId)]: tokens.AccessToken },
      }),
    ),
    'NotAuthorizedException',
  );
});

test('an unknown identity is ResourceNotFoundException', async () => {
  await rejects(
    c.anon.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000',
      }),
    ),
    'ResourceNotFoundException',
  );
});

test("an identity of another pool with this pool's logins is refused, nothing linked", async () => {
  const other = await passwordPool(t);
  const otherIdentityPool = await identityPool(c, other);
  const { identityId: guestOfOther } = await credentialsFor(c, otherIdentityPool);
  const { idToken } = await signedInUser(t, userPool.poolId, userPool.clientId);
  await rejects(
    c.anon.send(
      new GetCredentialsForIdentityCommand({
        IdentityId: guestOfOther,
        Logins: { [providerOf(userPool.poolId)]: idToken },
      }),
    ),
    'NotAuthorizedException',
  );
  // Still a guest of its own pool.
  const res = await c.anon.send(new GetCredentialsForIdentityCommand({ IdentityId: guestOfOther }));
  assert.equal(res.IdentityId, guestOfOther);
});

test('turning guest access off refuses existing guest identities', async () => {
  const pool = await identityPool(c, userPool);
  const { identityId } = await credentialsFor(c, pool);
  await c.admin.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: pool,
      IdentityPoolName: 'no-guests',
      AllowUnauthenticatedIdentities: false,
    }),
  );
  await rejects(
    c.anon.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId })),
    'NotAuthorizedException',
    'Unauthenticated access is not supported for this identity pool.',
  );
});

test('a pool without a role for the caller is InvalidIdentityPoolConfigurationException', async () => {
  const pool = await identityPool(c, userPool, { roles: { Roles: { authenticated: AUTH_ROLE } } });
  const { IdentityId } = await c.anon.send(new GetIdCommand({ IdentityPoolId: pool }));
  await rejects(
    c.anon.send(new GetCredentialsForIdentityCommand({ IdentityId })),
    'InvalidIdentityPoolConfigurationException',
    'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
  );
});
