// Finding 5 (issue 18): dev mode accepts any access key, but only on a signed request, and no
// web page may send a management call: a preflight asking to send Authorization gets no CORS
// permission, while the unauthenticated operations browser apps use keep working cross-origin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawPost, startTestServer, type TestServer } from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer({ config: { dev: true } });
});
after(() => t.close());

test('dev mode: any key works through the AWS SDK', async () => {
  const any = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: { accessKeyId: 'AKIAANYTHING', secretAccessKey: 'whatever' },
  });
  const res = await any.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  assert.ok(Array.isArray(res.UserPools));
  any.destroy();
});

test('dev mode: a management call without a signature is refused', async () => {
  const body = JSON.stringify({ PoolName: 'from-a-page' });
  const res = await rawPost(t.url, 'CreateUserPool', body);
  assert.equal(res.status, 403);
  assert.equal(res.body.__type, 'MissingAuthenticationTokenException');
  const listed = await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  assert.ok(!listed.UserPools?.some((p) => p.Name === 'from-a-page'));
});

test('dev mode: a malformed Authorization header is refused', async () => {
  const body = JSON.stringify({ MaxResults: 10 });
  const res = await rawPost(t.url, 'ListUserPools', body, {
    authorization: 'AWS4-HMAC-SHA256 Credential=x',
  });
  assert.equal(res.body.__type, 'IncompleteSignatureException');
});

test('dev mode: an unsigned STS/IAM form post (no preflight needed) is refused', async () => {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
    body: 'Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=%7B%7D',
  });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /MissingAuthenticationToken/);
});

test('a cross-origin preflight asking to send Authorization gets no CORS permission', async () => {
  const res = await fetch(t.url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target',
    },
  });
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  assert.equal(res.headers.get('access-control-allow-headers'), null);
  // A signed request sent anyway (a non-browser client) is not readable by a page either.
  const signed = await fetch(t.url, {
    method: 'POST',
    headers: {
      origin: 'http://evil.example',
      authorization: 'AWS4-HMAC-SHA256 Credential=x',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
    },
    body: '{}',
  });
  assert.equal(signed.headers.get('access-control-allow-origin'), null);
});

test('the preflight of the unauthenticated operations browser apps use is allowed', async () => {
  // What amazon-cognito-identity-js and aws-amplify ask for before InitiateAuth or SignUp.
  const res = await fetch(t.url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'cache-control,content-type,x-amz-target,x-amz-user-agent',
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(String(res.headers.get('access-control-allow-headers')), /x-amz-target/);
  const call = await rawPost(t.url, 'InitiateAuth', JSON.stringify({}), {
    origin: 'http://app.example',
  });
  assert.equal(call.headers.get('access-control-allow-origin'), '*');
  assert.equal(call.body.__type, 'InvalidParameterException');
});
