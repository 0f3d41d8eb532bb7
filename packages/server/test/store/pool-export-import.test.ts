// A pool moves between two Cognate servers on two databases with `cognate users export` and
// `cognate users import` (child processes), and its users sign in on the new server by SRP
// (amazon-cognito-identity-js) with the passwords they had: no reset.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  CreateGroupCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  attrMap,
  claims,
  createClient,
  createPool,
  PASSWORD,
  signedPost,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  testStore,
  unique,
} from '../support/index.ts';

const main = new URL('../../src/main.ts', import.meta.url).pathname;
const work = mkdtempSync(path.join(tmpdir(), 'cognate-transfer-'));
const file = path.join(work, 'pool.jsonl');

let a: TestServer;
let b: TestServer;
let poolId: string;
let clientId: string;
let secretClientId: string;
const users: string[] = [];

/** Runs the CLI as a child process. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
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

before(async () => {
  // Two servers, each on a database of its own (on PostgreSQL, two databases).
  a = await startTestServer();
  b = await startTestServer();
  const pool = await createPool(a, {
    AutoVerifiedAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    Schema: [{ Name: 'plan', AttributeDataType: 'String', Mutable: true }],
  });
  poolId = pool.Id;
  clientId = (
    await createClient(a, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
  secretClientId = (await createClient(a, poolId, { GenerateSecret: true })).ClientId;
  await a.admin.send(
    new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 1 }),
  );
  await a.admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }));
  for (let i = 0; i < 23; i++) {
    const username = unique('mover');
    await signUpConfirmed(a, clientId, username, {
      attributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'custom:plan', Value: i % 2 ? 'pro' : 'free' },
      ],
    });
    users.push(username);
    if (i % 3 === 0) {
      await a.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: poolId,
          Username: username,
          GroupName: 'admins',
        }),
      );
    }
    if (i % 4 === 0) {
      await a.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: poolId,
          Username: username,
          GroupName: 'staff',
        }),
      );
    }
  }
  // One who never confirmed moves as UNCONFIRMED.
  await a.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: 'pending-user',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'pending@example.com' }],
    }),
  );
});

after(async () => {
  await a?.close();
  await b?.close();
  rmSync(work, { recursive: true, force: true });
});

function srpSignIn(server: TestServer, username: string): Promise<CognitoUserSession> {
  const pool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: server.url,
  });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('asked for a new password')),
    }),
  );
}

test(`${testStore}: export from A, import into B, sign in on B by SRP with the same passwords`, async () => {
  const exported = await cli([
    'users',
    'export',
    '--endpoint',
    a.url,
    '--pool',
    poolId,
    '--out',
    file,
    '--data-dir',
    a.dataDir,
    '--page-size',
    '7',
    '--json',
  ]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(JSON.parse(exported.stdout), { UserPoolId: poolId, Users: 24, File: file });
  assert.match(exported.stderr, /exported 24 users/);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 25);
  const head = JSON.parse(lines[0]);
  assert.equal(head.Format, 'cognate-user-pool/1');
  assert.equal(head.Pool.Id, poolId);
  assert.equal(head.Pool.Clients.length, 2);
  assert.deepEqual(
    head.Pool.Groups.map((g: { GroupName: string }) => g.GroupName),
    ['admins', 'staff'],
  );
  const first = JSON.parse(lines[1]);
  assert.match(first.SrpVerifier, /^[0-9a-f]+$/);
  const subs = new Map(
    lines.slice(1).map((l) => {
      const u = JSON.parse(l);
      return [u.Username, u.Sub];
    }),
  );

  const imported = await cli([
    'users',
    'import',
    '--endpoint',
    b.url,
    '--in',
    file,
    '--data-dir',
    b.dataDir,
    '--batch-size',
    '10',
    '--json',
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(JSON.parse(imported.stdout), {
    UserPoolId: poolId,
    PoolCreated: true,
    ImportedUsers: 24,
    SkippedUsers: 0,
    FailedUsers: 0,
  });

  // The pool and its clients have the same ids (and secret) on B.
  const described = await b.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(described.UserPool?.EstimatedNumberOfUsers, 24);
  const secretOnA = await a.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: secretClientId }),
  );
  const secretOnB = await b.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: secretClientId }),
  );
  assert.ok(secretOnB.UserPoolClient?.ClientSecret);
  assert.equal(secretOnB.UserPoolClient?.ClientSecret, secretOnA.UserPoolClient?.ClientSecret);

  // Users keep sub, status and attributes.
  const onA = await a.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: users[1] }),
  );
  const onB = await b.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: users[1] }),
  );
  assert.deepEqual(attrMap(onB.UserAttributes), attrMap(onA.UserAttributes));
  assert.equal(onB.UserStatus, 'CONFIRMED');
  assert.equal(onB.UserCreateDate?.getTime(), onA.UserCreateDate?.getTime());
  const pending = await b.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: 'pending-user' }),
  );
  assert.equal(pending.UserStatus, 'UNCONFIRMED');

  // SRP sign-in on B with the password set on A; groups came along.
  for (const i of [0, 1, 4, 22]) {
    const session = await srpSignIn(b, users[i]);
    const id = claims(session.getIdToken().getJwtToken());
    assert.equal(id.sub, subs.get(users[i]));
    assert.equal(id['cognito:username'], users[i]);
    assert.equal(id.iss, `${b.url}/${poolId}`);
    const groups = (id['cognito:groups'] as string[] | undefined) ?? [];
    assert.deepEqual(
      [...groups].sort(),
      [...(i % 3 === 0 ? ['admins'] : []), ...(i % 4 === 0 ? ['staff'] : [])].sort(),
    );
  }
  // Case-insensitive usernames still resolve (the pool's settings moved as stored).
  await srpSignIn(b, users[2].toUpperCase());
});

test('importing again skips every user; a different pool holding the id is refused', async () => {
  const again = await cli([
    'users',
    'import',
    '--endpoint',
    b.url,
    '--in',
    file,
    '--data-dir',
    b.dataDir,
    '--json',
  ]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), {
    UserPoolId: poolId,
    PoolCreated: false,
    ImportedUsers: 0,
    SkippedUsers: 24,
    FailedUsers: 0,
  });

  const [head, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
  const other = JSON.parse(head);
  other.Pool.Name = 'someone-else';
  const otherFile = path.join(work, 'other.jsonl');
  writeFileSync(otherFile, `${[JSON.stringify(other), ...rest].join('\n')}\n`);
  const refused = await cli([
    'users',
    'import',
    '--endpoint',
    b.url,
    '--in',
    otherFile,
    '--data-dir',
    b.dataDir,
  ]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /InvalidParameterException: User pool .* already exists on this server and is another pool/,
  );
});

test('the CLI explains its usage and refuses bad arguments', async () => {
  const help = await cli(['users', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: cognate users <command>/);
  const exportHelp = await cli(['users', 'export', '--help']);
  assert.match(exportHelp.stdout, /--page-size/);
  const missing = await cli(['users', 'export', '--endpoint', a.url]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /--pool <userPoolId> is required/);
  const badKey = await cli([
    'users',
    'export',
    '--endpoint',
    a.url,
    '--pool',
    poolId,
    '--out',
    path.join(work, 'x.jsonl'),
    '--data-dir',
    work,
  ]);
  assert.equal(badKey.code, 1);
  assert.match(badKey.stderr, /no credentials file/);
});

test('CognateExportUserPool and CognateImportUserPool refuse bad input', async () => {
  const unknown = await signedPost(
    a,
    'CognateExportUserPool',
    JSON.stringify({ UserPoolId: 'us-east-1_nothere' }),
  );
  assert.equal(unknown.body.__type, 'ResourceNotFoundException');
  const tooMany = await signedPost(
    a,
    'CognateExportUserPool',
    JSON.stringify({ UserPoolId: poolId, Limit: 1001 }),
  );
  assert.equal(tooMany.body.__type, 'InvalidParameterException');
  const page = await signedPost(
    a,
    'CognateExportUserPool',
    JSON.stringify({ UserPoolId: poolId, Limit: 2 }),
  );
  assert.equal(page.status, 200);
  assert.equal((page.body.Users as unknown[]).length, 2);
  assert.ok(page.body.Pool);
  const next = await signedPost(
    a,
    'CognateExportUserPool',
    JSON.stringify({ UserPoolId: poolId, Limit: 2, NextToken: page.body.NextToken }),
  );
  assert.equal(next.body.Pool, undefined);

  const noPool = await signedPost(b, 'CognateImportUserPool', JSON.stringify({ Users: [] }));
  assert.equal(noPool.body.__type, 'InvalidParameterException');
  const badUser = await signedPost(
    b,
    'CognateImportUserPool',
    JSON.stringify({ UserPoolId: poolId, Users: [{ Sub: 'x', Username: 'y' }] }),
  );
  assert.equal(badUser.body.__type, 'InvalidParameterException');
  // A user in a group the pool lacks: the call changes nothing.
  const user = (page.body.Users as Record<string, unknown>[])[0];
  const ghost = {
    ...user,
    Sub: '00000000-0000-4000-8000-000000000000',
    Username: 'ghost-user',
    Groups: ['nope'],
  };
  const refused = await signedPost(
    b,
    'CognateImportUserPool',
    JSON.stringify({ UserPoolId: poolId, Users: [ghost] }),
  );
  assert.equal(refused.body.__type, 'InvalidParameterException');
  const unsigned = await fetch(b.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.CognateExportUserPool',
    },
    body: JSON.stringify({ UserPoolId: poolId }),
  });
  assert.equal(unsigned.status, 403);
});
