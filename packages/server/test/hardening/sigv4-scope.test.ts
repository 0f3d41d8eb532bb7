// Finding 10 (issue 18): a signature's credential scope must name the API's service and one of the
// server's regions, and x-amz-target must be signed: a signed DescribeUserPool could otherwise be
// replayed as another operation, or a signature made for another service or region reused here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  createPool,
  rawPost,
  rejects,
  Sha256,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
before(async () => {
  t = await startTestServer({ config: { regions: ['us-east-1', 'eu-west-1'] } });
  poolId = (await createPool(t)).Id;
});
after(() => t.close());

const adminCredentials = () => ({
  accessKeyId: t.server.accessKey.accessKeyId,
  secretAccessKey: t.server.accessKey.secret,
});

/** An SDK client of the server's admin key, signing for `region`. */
function client(region: string) {
  return new CognitoIdentityProviderClient({
    region,
    endpoint: t.url,
    credentials: adminCredentials(),
  });
}

/** SigV4 headers for a POST of `body` with `target`, signed as told. */
async function sign(
  target: string,
  body: string,
  opts: { service?: string; region?: string; unsigned?: string[] } = {},
) {
  const url = new URL(t.url);
  const signer = new SignatureV4({
    service: opts.service ?? 'cognito-idp',
    region: opts.region ?? 'us-east-1',
    credentials: adminCredentials(),
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body,
    },
    { signingDate: new Date(t.clock.now()), unsignableHeaders: new Set(opts.unsigned ?? []) },
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

test('a client signing for a region the server does not serve is refused as AWS refuses it', async () => {
  const res = await client('us-east-1').send(new ListUserPoolsCommand({ MaxResults: 10 }));
  assert.ok(res.UserPools?.some((p) => p.Id === poolId));
  // A configured second region works too.
  await client('eu-west-1').send(new ListUserPoolsCommand({ MaxResults: 10 }));
  await rejects(
    client('ap-south-1').send(new ListUserPoolsCommand({ MaxResults: 10 })),
    'InvalidSignatureException',
    "Credential should be scoped to a valid region, not 'ap-south-1'. ",
  );
});

test('a signature made for another service is refused', async () => {
  const body = JSON.stringify({ MaxResults: 10 });
  for (const service of ['cognito-identity', 's3', 'sts']) {
    const res = await rawPost(
      t.url,
      undefined,
      body,
      await sign('ListUserPools', body, { service }),
    );
    assert.equal(res.status, 400, service);
    assert.equal(res.body.__type, 'InvalidSignatureException');
    assert.equal(
      res.body.message,
      "Credential should be scoped to correct service: 'cognito-idp'. ",
    );
  }
  const ok = await rawPost(t.url, undefined, body, await sign('ListUserPools', body));
  assert.equal(ok.status, 200);
});

test('x-amz-target must be signed: a signed DescribeUserPool cannot become ListUserPoolClients', async () => {
  const body = JSON.stringify({ UserPoolId: poolId, MaxResults: 10 });
  const headers = await sign('DescribeUserPool', body, { unsigned: ['x-amz-target'] });
  assert.doesNotMatch(String(headers.authorization), /x-amz-target/);
  const swapped = {
    ...headers,
    'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPoolClients',
  };
  const res = await rawPost(t.url, undefined, body, swapped);
  assert.equal(res.status, 403);
  assert.equal(res.body.__type, 'IncompleteSignatureException');
  assert.match(String(res.body.message), /'x-amz-target' must be a 'SignedHeader'/);
});

test('IAM Query calls: the scope must name a served region', async () => {
  const iam = (region: string) =>
    new IAMClient({ region, endpoint: t.url, credentials: adminCredentials() });
  const ok = iam('us-east-1');
  assert.ok(Array.isArray((await ok.send(new ListRolesCommand({}))).Roles));
  const wrong = iam('ap-south-1');
  await assert.rejects(wrong.send(new ListRolesCommand({})), (err: Error) => {
    assert.equal(err.name, 'SignatureDoesNotMatch');
    assert.equal(err.message, "Credential should be scoped to a valid region, not 'ap-south-1'. ");
    return true;
  });
  ok.destroy();
  wrong.destroy();
});
