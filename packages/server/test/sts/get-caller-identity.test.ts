import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeleteIdentitiesCommand } from '@aws-sdk/client-cognito-identity';
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  ACCOUNT,
  type Credentials,
  credentialsFor,
  identityPool,
  providerOf,
  signedInUser,
  sts,
} from '../cognito-identity/credentials-fixture.ts';
import { identityClients } from '../cognito-identity/pools-clients.ts';
import {
  advanceClock,
  passwordPool,
  rejects,
  startTestServer,
  type TestServer,
} from '../support/index.ts';
import { queryPost } from './signing.ts';

const TTL = 600;
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const FORM = 'Action=GetCallerIdentity&Version=2011-06-15';
let t: TestServer;
let c: ReturnType<typeof identityClients>;
let userPool: { poolId: string; clientId: string };
let identityPoolId: string;
let checkedPoolId: string;
before(async () => {
  t = await startTestServer({ config: { credentialsTtlSeconds: TTL } });
  t.clock.freeze();
  c = identityClients(t);
  userPool = await passwordPool(t);
  identityPoolId = await identityPool(c, userPool);
  checkedPoolId = await identityPool(c, userPool, { serverSideTokenCheck: true });
});
after(async () => {
  c.destroy();
  await t.close();
});

const guest = async () => (await credentialsFor(c, identityPoolId)).credentials;

/** GetCallerIdentity through @aws-sdk/client-sts: resolves, or rejects with its parsed error. */
async function callerIdentity(credentials: Credentials) {
  const client = sts(t, credentials);
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
}

async function refused(credentials: Credentials, name: string, status: number) {
  const err = await rejects(callerIdentity(credentials), name);
  assert.equal(err.$metadata?.httpStatusCode, status);
  return err;
}

test('the answer is STS XML with the request id, as the raw wire shows', async () => {
  const creds = await guest();
  const res = await queryPost(t.url, FORM, creds, t.clock.now());
  assert.equal(res.status, 200);
  const m =
    /^<GetCallerIdentityResponse xmlns="([^"]+)"><GetCallerIdentityResult><Arn>([^<]+)<\/Arn><UserId>([^<]+)<\/UserId><Account>(\d{12})<\/Account><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/.exec(
      res.text,
    );
  assert.ok(m, res.text);
  assert.equal(m[1], STS_NS);
  assert.equal(
    m[2],
    `arn:aws:sts::${ACCOUNT}:assumed-role/IdentityGuest/CognitoIdentityCredentials`,
  );
  assert.equal(m[4], ACCOUNT);
});

test('a tampered session token is InvalidClientTokenId (403)', async () => {
  const creds = await guest();
  const [body, mac] = (creds.sessionToken as string).split('.');
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
  const forged = Buffer.from(
    JSON.stringify({ ...payload, role: 'arn:aws:iam::000000000000:role/Admin' }),
  ).toString('base64url');
  await refused({ ...creds, sessionToken: `${forged}.${mac}` }, 'InvalidClientTokenId', 403);
  // Another credential's token with this key id: the token names another key.
  const other = await guest();
  await refused({ ...creds, sessionToken: other.sessionToken }, 'InvalidClientTokenId', 403);
  // No token at all.
  await refused({ ...creds, sessionToken: undefined }, 'InvalidClientTokenId', 403);
});

test('a wrong secret is SignatureDoesNotMatch (403)', async () => {
  const creds = await guest();
  const wrong = `${creds.secretAccessKey.slice(0, -1)}${creds.secretAccessKey.endsWith('A') ? 'B' : 'A'}`;
  const err = await refused({ ...creds, secretAccessKey: wrong }, 'SignatureDoesNotMatch', 403);
  assert.match(err.message, /signature we calculated does not match/);
});

test('credentials expire after the configured TTL: ExpiredToken (400)', async () => {
  const creds = await guest();
  advanceClock(t, (TTL - 5) * 1000);
  assert.ok(await callerIdentity(creds));
  advanceClock(t, 10_000);
  const err = await refused(creds, 'ExpiredToken', 400);
  assert.equal(err.message, 'The security token included in the request is expired');
});

test('ServerSideTokenCheck: disabling the user or signing them out ends their credentials', async () => {
  const u = await signedInUser(t, userPool.poolId, userPool.clientId);
  const logins = { [providerOf(userPool.poolId)]: u.idToken };
  const checked = (await credentialsFor(c, checkedPoolId, logins)).credentials;
  const unchecked = (await credentialsFor(c, identityPoolId, logins)).credentials;
  assert.ok(await callerIdentity(checked));
  const who = { UserPoolId: userPool.poolId, Username: u.username };
  await t.admin.send(new AdminDisableUserCommand(who));
  await refused(checked, 'InvalidClientTokenId', 403);
  // Without the check the credentials live out their hour, as on AWS.
  assert.ok(await callerIdentity(unchecked));
  // Disabling revoked the sign-in too: enabling the user does not bring these back.
  await t.admin.send(new AdminEnableUserCommand(who));
  await refused(checked, 'InvalidClientTokenId', 403);
  // A new sign-in's credentials work, until that user signs out everywhere.
  const fresh = await signedInUser(t, userPool.poolId, userPool.clientId);
  const again = (
    await credentialsFor(c, checkedPoolId, { [providerOf(userPool.poolId)]: fresh.idToken })
  ).credentials;
  assert.ok(await callerIdentity(again));
  await t.admin.send(
    new AdminUserGlobalSignOutCommand({ UserPoolId: userPool.poolId, Username: fresh.username }),
  );
  await refused(again, 'InvalidClientTokenId', 403);
});

test('credentials of a deleted identity are refused', async () => {
  const { identityId, credentials } = await credentialsFor(c, identityPoolId);
  assert.ok(await callerIdentity(credentials));
  await c.admin.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [identityId] }));
  await refused(credentials, 'InvalidClientTokenId', 403);
});

test("the admin key is not an identity's credentials; unsigned calls and unknown actions get STS errors", async () => {
  const admin = {
    accessKeyId: t.server.accessKey.accessKeyId,
    secretAccessKey: t.server.accessKey.secret,
  };
  await refused(admin, 'InvalidClientTokenId', 403);
  const unsigned = await queryPost(t.url, FORM, undefined, t.clock.now());
  assert.equal(unsigned.status, 403);
  assert.match(
    unsigned.text,
    /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
  );
  const unknown = await queryPost(
    t.url,
    'Action=AssumeRole&Version=2011-06-15',
    await guest(),
    t.clock.now(),
  );
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /<Code>InvalidAction<\/Code>/);
});
