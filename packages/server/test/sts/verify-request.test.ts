import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  type Credentials,
  credentialsFor,
  identityPool,
} from '../cognito-identity/credentials-fixture.ts';
import { identityClients } from '../cognito-identity/pools-clients.ts';
import { advanceClock, passwordPool, startTestServer, type TestServer } from '../support/index.ts';
import { sha256Hex, sign } from './signing.ts';

const APP = 'http://api.example.test:8080/items/42?view=full';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
});
let t: TestServer;
let c: ReturnType<typeof identityClients>;
let identityPoolId: string;
let roleArn: string;
before(async () => {
  t = await startTestServer({ config: { credentialsTtlSeconds: 900 } });
  t.clock.freeze();
  c = identityClients(t);
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: {
      accessKeyId: t.server.accessKey.accessKeyId,
      secretAccessKey: t.server.accessKey.secret,
    },
  });
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'AppGuests',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    }),
  );
  roleArn = role.Role?.Arn as string;
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'AppGuests', PolicyName: 'api', PolicyDocument: POLICY }),
  );
  iam.destroy();
  identityPoolId = await identityPool(c, await passwordPool(t), {
    roles: { Roles: { unauthenticated: roleArn } },
  });
});
after(async () => {
  c.destroy();
  await t.close();
});

/** An app request signed with identity credentials, as the app would receive it. */
async function appRequest(creds: Credentials, body = '{"a":1}') {
  const headers = await sign({
    method: 'PUT',
    url: APP,
    body,
    headers: { 'content-type': 'application/json' },
    service: 'execute-api',
    credentials: creds,
    now: t.clock.now(),
  });
  return { Method: 'PUT', Url: APP, Headers: headers, PayloadSha256: sha256Hex(body) };
}

/** CognateVerifyRequest signed with the admin key (service cognito-identity). */
async function verify(input: unknown, adminSigned = true) {
  const body = JSON.stringify(input);
  const base: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'AWSCognitoIdentityService.CognateVerifyRequest',
  };
  const headers = adminSigned
    ? await sign({
        method: 'POST',
        url: `${t.url}/`,
        body,
        headers: base,
        service: 'cognito-identity',
        credentials: {
          accessKeyId: t.server.accessKey.accessKeyId,
          secretAccessKey: t.server.accessKey.secret,
        },
        now: t.clock.now(),
      })
    : base;
  const { host: _host, ...rest } = headers;
  const res = await fetch(`${t.url}/`, { method: 'POST', headers: rest, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('a request signed with identity credentials: who, the role and its policies', async () => {
  const { identityId, credentials } = await credentialsFor(c, identityPoolId);
  const res = await verify(await appRequest(credentials));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.IdentityId, identityId);
  assert.equal(res.body.IdentityPoolId, identityPoolId);
  assert.equal(res.body.RoleArn, roleArn);
  assert.equal(
    res.body.Arn,
    'arn:aws:sts::000000000000:assumed-role/AppGuests/CognitoIdentityCredentials',
  );
  assert.deepEqual(res.body.Policies, [POLICY]);
  assert.equal(
    res.body.Expiration,
    Math.floor(t.clock.now() / 1000) + 900,
    'epoch seconds, the configured lifetime',
  );
});

test('tampered, for another host or body, or expired: STS codes as __type', async () => {
  const { credentials } = await credentialsFor(c, identityPoolId);
  const good = await appRequest(credentials);
  const otherHost = { ...good, Headers: { ...good.Headers, host: 'evil.example.test' } };
  assert.deepEqual(
    [(await verify(otherHost)).body.__type, (await verify(otherHost)).status],
    ['SignatureDoesNotMatch', 403],
  );
  const otherBody = { ...good, PayloadSha256: sha256Hex('{"a":2}') };
  assert.equal((await verify(otherBody)).body.__type, 'SignatureDoesNotMatch');
  const tampered = {
    ...good,
    Headers: {
      ...good.Headers,
      'x-amz-security-token': `x${good.Headers['x-amz-security-token']}`,
    },
  };
  assert.equal((await verify(tampered)).body.__type, 'InvalidClientTokenId');
  advanceClock(t, 901_000);
  const late = await appRequest(credentials);
  const expired = await verify(late);
  assert.deepEqual([expired.body.__type, expired.status], ['ExpiredToken', 400]);
});

test('only the admin key may ask', async () => {
  const { credentials } = await credentialsFor(c, identityPoolId);
  const res = await verify(await appRequest(credentials), false);
  assert.equal(res.body.__type, 'MissingAuthenticationTokenException');
});
