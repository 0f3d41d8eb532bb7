import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  PASSWORD,
  passwordPool,
  rawPost,
  signedPost,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

const BODY_LIMIT = 2 * 1024 * 1024;
let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  // A limit above a 1,000,000-character field, so the field's own validation is reached.
  t = await startTestServer({ config: { bodyLimit: BODY_LIMIT } });
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

const pools = async () =>
  ((await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [])
    .map((p) => p.Id)
    .sort();

/** The user does not exist and the server still answers. */
async function nothingWritten(username: string) {
  await assert.rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })),
    { name: 'UserNotFoundException' },
  );
  const describe = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(describe.UserPool?.EstimatedNumberOfUsers, 0);
  await healthy();
}

async function healthy() {
  const res = await fetch(`${t.url}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
}

/** Checks an AWS JSON 1.1 error answer. */
function isError(
  res: Awaited<ReturnType<typeof rawPost>>,
  type: string,
  message?: string | RegExp,
  status = 400,
) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.__type, type);
  assert.deepEqual(Object.keys(res.body).sort(), ['__type', 'message']);
  if (typeof message === 'string') assert.equal(res.body.message, message);
  else if (message) assert.match(String(res.body.message), message);
  assert.match(res.headers.get('content-type') ?? '', /^application\/x-amz-json-1\.1/);
  assert.match(res.headers.get('x-amzn-errortype') ?? '', new RegExp(`^${type}`));
  assert.ok(res.headers.get('x-amzn-requestid'));
}

const signUpBody = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ClientId: clientId, Username: unique('bad'), Password: PASSWORD, ...over });

test('malformed JSON is SerializationException', async () => {
  const username = unique('malformed');
  for (const body of [
    `{"ClientId": "${clientId}", "Username": "${username}", "Password": `,
    'not json at all',
    '[1, 2, 3]',
    '"a string"',
  ]) {
    isError(await rawPost(t.url, 'SignUp', body), 'SerializationException');
  }
  await nothingWritten(username);
});

test('malformed JSON on a signed management call is SerializationException and creates nothing', async () => {
  const poolsBefore = await pools();
  const res = await signedPost(t, 'CreateUserPool', '{"PoolName": "half');
  isError(res, 'SerializationException');
  assert.deepEqual(await pools(), poolsBefore);
  await healthy();
});

test('an unknown operation is UnknownOperationException', async () => {
  isError(await rawPost(t.url, 'NoSuchOperation', '{}'), 'UnknownOperationException');
  isError(
    await rawPost(t.url, undefined, '{}', { 'x-amz-target': 'DynamoDB_20120810.ListTables' }),
    'UnknownOperationException',
  );
  isError(await rawPost(t.url, undefined, '{}'), 'UnknownOperationException');
  await healthy();
});

test('wrong member types are InvalidParameterException and create nothing', async () => {
  isError(
    await rawPost(t.url, 'SignUp', signUpBody({ Username: 12345 })),
    'InvalidParameterException',
    /username/,
  );
  isError(
    await rawPost(t.url, 'SignUp', signUpBody({ Username: ['a'] })),
    'InvalidParameterException',
    /username/,
  );
  const username = unique('types');
  isError(
    await rawPost(t.url, 'SignUp', signUpBody({ Username: username, Password: { a: 1 } })),
    'InvalidParameterException',
    /password/,
  );
  isError(
    await rawPost(t.url, 'SignUp', signUpBody({ Username: username, UserAttributes: 'email' })),
    'InvalidParameterException',
  );
  isError(
    await rawPost(
      t.url,
      'SignUp',
      signUpBody({ Username: username, UserAttributes: [{ Name: 'email', Value: 5 }] }),
    ),
    'InvalidParameterException',
  );
  await nothingWritten(username);
  await nothingWritten('12345');
});

test('missing required members are InvalidParameterException', async () => {
  const username = unique('missing');
  isError(
    await rawPost(t.url, 'SignUp', JSON.stringify({ ClientId: clientId, Username: username })),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
  );
  isError(
    await rawPost(t.url, 'SignUp', JSON.stringify({ ClientId: clientId, Password: PASSWORD })),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
  );
  isError(await rawPost(t.url, 'SignUp', '{}'), 'InvalidParameterException', /clientId/);
  isError(await rawPost(t.url, 'SignUp', ''), 'InvalidParameterException', /clientId/);
  await nothingWritten(username);
  const poolsBefore = await pools();
  isError(await signedPost(t, 'CreateUserPool', '{}'), 'InvalidParameterException', /poolName/);
  assert.deepEqual(await pools(), poolsBefore);
});

test('a 1,000,000-character Username is InvalidParameterException without echoing it', async () => {
  const huge = 'a'.repeat(1_000_000);
  const res = await rawPost(t.url, 'SignUp', signUpBody({ Username: huge }));
  isError(
    res,
    'InvalidParameterException',
    "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
  );
  assert.ok(JSON.stringify(res.body).length < 500);
  await nothingWritten(huge.slice(0, 128));
});

test('a body larger than the limit gets a 4xx JSON error', async () => {
  const res = await rawPost(
    t.url,
    'SignUp',
    signUpBody({ Username: unique('big'), Padding: 'x'.repeat(BODY_LIMIT) }),
  );
  assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  assert.equal(res.body.__type, 'InvalidParameterException');
  assert.equal(typeof res.body.message, 'string');
  await healthy();
  assert.equal(
    (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool
      ?.EstimatedNumberOfUsers,
    0,
  );
});

test('an unknown client or pool is ResourceNotFoundException and writes nothing', async () => {
  const username = unique('nowhere');
  isError(
    await rawPost(t.url, 'SignUp', signUpBody({ ClientId: 'nosuchclient123', Username: username })),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
  isError(
    await signedPost(
      t,
      'AdminCreateUser',
      JSON.stringify({ UserPoolId: 'us-east-1_NoSuchPoo', Username: username }),
    ),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
  isError(
    await signedPost(
      t,
      'CreateUserPoolClient',
      JSON.stringify({ UserPoolId: 'us-east-1_NoSuchPoo', ClientName: 'x' }),
    ),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
  await nothingWritten(username);
});

test('CORS preflight and error headers let browsers read errors', async () => {
  const res = await fetch(t.url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-allow-headers') ?? '', /x-amz-target/);
  const err = await rawPost(t.url, 'NoSuchOperation', '{}', { origin: 'http://app.example' });
  assert.equal(err.headers.get('access-control-allow-origin'), '*');
  assert.match(err.headers.get('access-control-expose-headers') ?? '', /x-amzn-errortype/);
});

test('a body over the limit is refused in the shape of the API it was sent to', async () => {
  const big = 'x'.repeat(BODY_LIMIT + 10);
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  // The Query protocol (STS, IAM): an <ErrorResponse>.
  const query = await fetch(t.url, {
    method: 'POST',
    headers: form,
    body: `Action=GetCallerIdentity&Version=2011-06-15&Pad=${big}`,
  });
  const xml = await query.text();
  assert.equal(query.status, 400);
  assert.match(xml, /^<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidParameterValue</);
  assert.match(xml, /Request body is larger than/);
  // The OAuth endpoints: OAuth's JSON error, HTTP 413.
  const token = await fetch(`${t.url}/oauth2/token`, {
    method: 'POST',
    headers: form,
    body: `grant_type=client_credentials&pad=${big}`,
  });
  assert.equal(token.status, 413);
  const tokenBody = (await token.json()) as { error?: string; error_description?: string };
  assert.equal(tokenBody.error, 'invalid_request');
  assert.match(String(tokenBody.error_description), /larger than/);
  // A hosted page: an error page, not JSON.
  const page = await fetch(`${t.url}/login`, { method: 'POST', headers: form, body: `a=${big}` });
  assert.equal(page.status, 413);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await page.text(), /Request too large/);
  await healthy();
});
