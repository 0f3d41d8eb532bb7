import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { rejects, startTestServer, type TestServer, unique } from '../support/index.ts';

// IAM's role and inline-policy actions, as @aws-sdk/client-iam sends them (AWS Query protocol,
// signed with the admin key for the service `iam`) and reads IAM's XML answers and errors.

let t: TestServer;
let iam: IAMClient;
let lastXml = '';
before(async () => {
  t = await startTestServer();
  iam = new IAMClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: {
      accessKeyId: t.server.accessKey.accessKeyId,
      secretAccessKey: t.server.accessKey.secret,
    },
  });
  // The XML as received, to check IAM's wire error codes (the SDK names them …Exception).
  iam.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const res = out.response as { body: Readable };
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
      lastXml = Buffer.concat(chunks).toString('utf8');
      res.body = Readable.from([Buffer.from(lastXml)]);
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'captureXml' },
  );
});
after(async () => {
  iam.destroy();
  await t.close();
});

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    },
  ],
});
const notesPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['notes:Get*', 'notes:PutNote'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template.
      Resource: 'arn:aws:notes:::note/${cognito-identity.amazonaws.com:sub}/*',
    },
  ],
});

test('CreateRole answers the role as IAM does, and GetRole reads it back', async () => {
  const name = unique('Cognito_App_Auth_Role');
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: trust,
      Path: '/app/',
      Description: 'signed-in users & friends',
      MaxSessionDuration: 7200,
    }),
  );
  const role = created.Role;
  assert.ok(role);
  assert.equal(role.RoleName, name);
  assert.equal(role.Path, '/app/');
  assert.match(role.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
  assert.match(role.Arn ?? '', new RegExp(`^arn:aws:iam::\\d{12}:role/app/${name}$`));
  assert.ok(role.CreateDate instanceof Date);
  assert.ok(Math.abs((role.CreateDate as Date).getTime() - t.clock.now()) < 2000);
  // IAM URL-encodes policy documents in its XML; the SDK hands them over as they are.
  assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument ?? ''), trust);
  assert.equal(role.Description, 'signed-in users & friends');
  assert.equal(role.MaxSessionDuration, 7200);

  const got = await iam.send(new GetRoleCommand({ RoleName: name.toLowerCase() }));
  assert.equal(got.Role?.RoleName, name, 'names are found regardless of case');
  assert.equal(got.Role?.RoleId, role.RoleId);
  assert.equal(got.Role?.Arn, role.Arn);
  assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), trust);
});

test('CreateRole refuses a taken name (any case), a bad name, path or document', async () => {
  const name = unique('Taken');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  const taken = await rejects(
    iam.send(
      new CreateRoleCommand({ RoleName: name.toUpperCase(), AssumeRolePolicyDocument: trust }),
    ),
    'EntityAlreadyExistsException',
    `Role with name ${name.toUpperCase()} already exists.`,
  );
  assert.equal(taken.$metadata?.httpStatusCode, 409);
  assert.match(lastXml, /<Code>EntityAlreadyExists<\/Code>/);
  await rejects(
    iam.send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: trust })),
    'ValidationError',
    /at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  await rejects(
    iam.send(
      new CreateRoleCommand({
        RoleName: unique('P'),
        Path: 'app',
        AssumeRolePolicyDocument: trust,
      }),
    ),
    'ValidationError',
  );
  await rejects(
    iam.send(
      new CreateRoleCommand({
        RoleName: unique('D'),
        AssumeRolePolicyDocument: trust,
        MaxSessionDuration: 60,
      }),
    ),
    'ValidationError',
  );
  const malformed = await rejects(
    iam.send(new CreateRoleCommand({ RoleName: unique('M'), AssumeRolePolicyDocument: '{nope' })),
    'MalformedPolicyDocumentException',
    'This policy contains invalid Json',
  );
  assert.equal(malformed.$metadata?.httpStatusCode, 400);
  await rejects(
    iam.send(
      new CreateRoleCommand({
        RoleName: unique('E'),
        AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Maybe' }] }),
      }),
    ),
    'MalformedPolicyDocumentException',
  );
  const missing = await rejects(
    iam.send(new GetRoleCommand({ RoleName: unique('Nobody') })),
    'NoSuchEntityException',
    /^The role with name Nobody-?.* cannot be found\.$/,
  );
  assert.equal(missing.$metadata?.httpStatusCode, 404);
  assert.match(
    lastXml,
    /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The role with name .* cannot be found\.<\/Message><\/Error><RequestId>[\w-]+<\/RequestId><\/ErrorResponse>$/,
  );
});

test('inline policies: Put, Get (URL-encoded), List, replace, Delete', async () => {
  const name = unique('Policies');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  await iam.send(
    new PutRolePolicyCommand({ RoleName: name, PolicyName: 'notes', PolicyDocument: notesPolicy }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: name, PolicyName: 'audit', PolicyDocument: notesPolicy }),
  );
  const got = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'notes' }));
  assert.equal(got.RoleName, name);
  assert.equal(got.PolicyName, 'notes');
  assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), notesPolicy);

  const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
  assert.deepEqual(listed.PolicyNames, ['audit', 'notes']);
  assert.equal(listed.IsTruncated, false);
  const page = await iam.send(new ListRolePoliciesCommand({ RoleName: name, MaxItems: 1 }));
  assert.deepEqual(page.PolicyNames, ['audit']);
  assert.equal(page.IsTruncated, true);
  const next = await iam.send(
    new ListRolePoliciesCommand({ RoleName: name, MaxItems: 1, Marker: page.Marker }),
  );
  assert.deepEqual(next.PolicyNames, ['notes']);
  assert.equal(next.IsTruncated, false);

  const replaced = JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 'Deny', Action: '*', Resource: '*' },
  });
  await iam.send(
    new PutRolePolicyCommand({ RoleName: name, PolicyName: 'notes', PolicyDocument: replaced }),
  );
  const again = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'notes' }));
  assert.equal(decodeURIComponent(again.PolicyDocument ?? ''), replaced);

  await rejects(
    iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'x', PolicyDocument: '[]' })),
    'MalformedPolicyDocumentException',
  );
  await rejects(
    iam.send(
      new PutRolePolicyCommand({
        RoleName: unique('Ghost'),
        PolicyName: 'x',
        PolicyDocument: notesPolicy,
      }),
    ),
    'NoSuchEntityException',
  );
  await rejects(
    iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'nope' })),
    'NoSuchEntityException',
    'The role policy with name nope cannot be found.',
  );

  // A role with policies cannot be deleted, as in IAM.
  const conflict = await rejects(
    iam.send(new DeleteRoleCommand({ RoleName: name })),
    'DeleteConflictException',
    'Cannot delete entity, must delete policies first.',
  );
  assert.equal(conflict.$metadata?.httpStatusCode, 409);
  await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'notes' }));
  await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'audit' }));
  await rejects(
    iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'audit' })),
    'NoSuchEntityException',
  );
  assert.deepEqual(
    (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames,
    [],
  );
  await iam.send(new DeleteRoleCommand({ RoleName: name }));
  await rejects(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException');
  await rejects(iam.send(new DeleteRoleCommand({ RoleName: name })), 'NoSuchEntityException');
});

test('ListRoles pages by name and filters by path prefix', async () => {
  const prefix = `/${unique('team').replace(/[^\w]/g, '')}/`;
  const names = ['Alpha', 'Beta', 'Gamma'].map((n) => unique(n));
  for (const RoleName of names)
    await iam.send(
      new CreateRoleCommand({ RoleName, Path: prefix, AssumeRolePolicyDocument: trust }),
    );
  const first = await iam.send(new ListRolesCommand({ PathPrefix: prefix, MaxItems: 2 }));
  assert.deepEqual(
    first.Roles?.map((r) => r.RoleName),
    [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).slice(0, 2),
  );
  assert.equal(first.IsTruncated, true);
  const rest = await iam.send(
    new ListRolesCommand({ PathPrefix: prefix, MaxItems: 2, Marker: first.Marker }),
  );
  assert.equal(rest.Roles?.length, 1);
  assert.equal(rest.IsTruncated, false);
  assert.equal(rest.Marker, undefined);
  const role = rest.Roles?.[0];
  assert.equal(role?.Path, prefix);
  assert.equal(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ''), trust);
  const all = await iam.send(new ListRolesCommand({}));
  for (const name of names) assert.ok(all.Roles?.some((r) => r.RoleName === name));
});

test('role actions need the admin key', async () => {
  const stranger = new IAMClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: { accessKeyId: 'AKIANOTAKEY', secretAccessKey: 'nope' },
  });
  try {
    const err = await rejects(stranger.send(new ListRolesCommand({})), 'InvalidClientTokenId');
    assert.equal(err.$metadata?.httpStatusCode, 403);
  } finally {
    stranger.destroy();
  }
});
