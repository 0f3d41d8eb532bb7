import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  rawPost,
  rejects,
  signHeaders,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const client = (accessKeyId: string, secretAccessKey: string) =>
  new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });

const poolCount = async () =>
  (await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools?.length;

test('the admin key signs management calls', async () => {
  const res = await t.admin.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  assert.ok(res.UserPools?.some((p) => p.Id === t.server.defaults?.pool.id));
});

test('a wrong secret is InvalidSignatureException and nothing is written', async () => {
  const count = await poolCount();
  const wrong = client(t.server.accessKey.accessKeyId, `${t.server.accessKey.secret}x`);
  const err = await rejects(
    wrong.send(new CreateUserPoolCommand({ PoolName: unique('nope') })),
    'InvalidSignatureException',
    /^The request signature we calculated does not match the signature you provided/,
  );
  assert.equal(err.$metadata?.httpStatusCode, 400);
  assert.equal(await poolCount(), count);
  wrong.destroy();
});

test('an unknown access key is UnrecognizedClientException', async () => {
  const unknown = client('AKIAUNKNOWNKEY000000', 'secret');
  const err = await rejects(
    unknown.send(new ListUserPoolsCommand({ MaxResults: 10 })),
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  );
  assert.equal(err.$metadata?.httpStatusCode, 400);
  unknown.destroy();
});

test('no signature at all is MissingAuthenticationTokenException (403)', async () => {
  const count = await poolCount();
  const res = await rawPost(t.url, 'CreateUserPool', JSON.stringify({ PoolName: unique('nosig') }));
  assert.equal(res.status, 403);
  assert.equal(res.body.__type, 'MissingAuthenticationTokenException');
  assert.equal(res.body.message, 'Missing Authentication Token');
  assert.match(res.headers.get('x-amzn-errortype') ?? '', /^MissingAuthenticationTokenException/);
  assert.equal(await poolCount(), count);
});

test('a malformed Authorization header is IncompleteSignatureException', async () => {
  const res = await rawPost(t.url, 'ListUserPools', JSON.stringify({ MaxResults: 10 }), {
    authorization: 'AWS4-HMAC-SHA256 Credential=abc',
    'x-amz-date': '20260101T000000Z',
  });
  assert.equal(res.status, 403);
  assert.equal(res.body.__type, 'IncompleteSignatureException');
});

test('a signed body changed in transit fails the signature', async () => {
  const count = await poolCount();
  const body = JSON.stringify({ PoolName: unique('signed') });
  const headers = await signHeaders(t, 'CreateUserPool', body);
  const tampered = await rawPost(t.url, undefined, body.replace('signed', 'hacked'), headers);
  assert.equal(tampered.status, 400);
  assert.equal(tampered.body.__type, 'InvalidSignatureException');
  assert.equal(await poolCount(), count);
  // The untouched request goes through.
  const ok = await rawPost(t.url, undefined, body, headers);
  assert.equal(ok.status, 200);
  assert.equal(await poolCount(), (count as number) + 1);
});

test('the credentials and config files are private and work with the default provider chain', async () => {
  const credentials = path.join(t.dataDir, 'credentials');
  const config = path.join(t.dataDir, 'config');
  assert.equal(t.server.credentialsFile, credentials);
  assert.equal(statSync(credentials).mode & 0o777, 0o600);
  assert.equal(statSync(config).mode & 0o777, 0o600);

  // A separate Node process, as a user's script would run: no keys, region or endpoint in code;
  // AWS_PROFILE=cognate finds the keys in the credentials file and the rest in the config file.
  const script = `
    import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
    const client = new CognitoIdentityProviderClient({});
    const res = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    process.stdout.write(JSON.stringify(res.UserPools.map((p) => p.Id)));
  `;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
  const out = await runNode(script, {
    ...env,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: config,
    AWS_PROFILE: 'cognate',
  });
  assert.equal(out.code, 0, out.stderr);
  const ids = JSON.parse(out.stdout) as string[];
  assert.ok(ids.includes(t.server.defaults?.pool.id as string));

  // Under a profile that does not exist only the credentials are missing, and the call fails.
  const missing = await runNode(script, {
    ...env,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: config,
    AWS_PROFILE: 'nobody',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: t.url,
  });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /Could not load credentials/);
});

function runNode(script: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Moves the server clock: keep last.
test("the SDK corrects its clock from the server's Date header when server time moves", async () => {
  t.clock.advance(60 * 60 * 1000);
  const res = await t.admin.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  assert.ok(res.UserPools?.length);
  const date = Date.parse((await fetch(`${t.url}/health`)).headers.get('date') ?? '');
  assert.ok(Math.abs(date - (Date.now() + 60 * 60 * 1000)) < 5000);
});
