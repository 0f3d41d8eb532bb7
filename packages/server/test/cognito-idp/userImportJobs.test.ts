import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  attrMap,
  createClient,
  createPool,
  PASSWORD,
  rejects,
  signIn,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/CognitoImportRole';
const STANDARD = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
];

let t: TestServer;
let poolId: string;
let clientId: string;
let header: string[];
before(async () => {
  t = await startTestServer();
  const pool = await createPool(t, {
    AutoVerifiedAttributes: ['email'],
    Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
  });
  poolId = pool.Id;
  clientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
  header = (await t.admin.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader ?? [];
});
after(() => t.close());

type Row = Record<string, string>;

/** A CSV in Cognito's format: the given header, values unquoted, `\,` for a comma. */
function csv(rows: Row[], columns = header): string {
  const line = (r: Row) => columns.map((c) => (r[c] ?? '').replaceAll(',', '\\,')).join(',');
  return `${[columns.join(','), ...rows.map(line)].join('\n')}\n`;
}

function row(username: string, extra: Row = {}): Row {
  return {
    'cognito:username': username,
    'cognito:mfa_enabled': 'FALSE',
    email: `${username}@example.com`,
    email_verified: 'TRUE',
    ...extra,
  };
}

async function createJob(pool = poolId): Promise<UserImportJobType & { JobId: string }> {
  const res = await t.admin.send(
    new CreateUserImportJobCommand({
      JobName: unique('job'),
      UserPoolId: pool,
      CloudWatchLogsRoleArn: ROLE,
    }),
  );
  return res.UserImportJob as UserImportJobType & { JobId: string };
}

/** PUTs the file to the job's PreSignedUrl as a client uploading to S3 would. */
function upload(job: UserImportJobType, body: string) {
  return fetch(job.PreSignedUrl as string, {
    method: 'PUT',
    headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-type': 'text/csv' },
    body,
  });
}

const describe = (jobId: string, pool = poolId) =>
  t.admin.send(new DescribeUserImportJobCommand({ UserPoolId: pool, JobId: jobId }));
const start = (jobId: string) =>
  t.admin.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
const stop = (jobId: string) =>
  t.admin.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));

/** Polls DescribeUserImportJob until the job has ended; returns every status seen. */
async function waitForEnd(jobId: string) {
  const seen: string[] = [];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const job = (await describe(jobId)).UserImportJob as UserImportJobType;
    if (seen.at(-1) !== job.Status) seen.push(job.Status as string);
    if (['Succeeded', 'Failed', 'Stopped'].includes(job.Status as string)) return { job, seen };
    assert.ok(Date.now() < deadline, `job still ${job.Status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("GetCSVHeader: Cognito's columns for the pool, custom attributes included", async () => {
  assert.deepEqual(header, [...STANDARD, 'custom:tier', 'cognito:mfa_enabled', 'cognito:username']);
  const res = await t.admin.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
  assert.equal(res.UserPoolId, poolId);
  await rejects(
    t.admin.send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_nothere' })),
    'ResourceNotFoundException',
    'User pool us-east-1_nothere does not exist.',
  );
  await rejects(
    t.admin.send(new GetCSVHeaderCommand({ UserPoolId: 'no-underscore' })),
    'InvalidParameterException',
  );
  await rejects(
    t.anon.send(new GetCSVHeaderCommand({ UserPoolId: poolId })),
    'UnrecognizedClientException',
  );
});

test('CreateUserImportJob: a Created job with its upload URL; bad input is refused', async () => {
  const before = Date.now();
  const job = await createJob();
  assert.match(job.JobId, /^import-[0-9a-zA-Z]{10}$/);
  assert.equal(job.UserPoolId, poolId);
  assert.equal(job.Status, 'Created');
  assert.equal(job.CloudWatchLogsRoleArn, ROLE);
  assert.equal(job.ImportedUsers, 0);
  assert.equal(job.SkippedUsers, 0);
  assert.equal(job.FailedUsers, 0);
  assert.ok((job.CreationDate as Date).getTime() >= before - 1000);
  assert.equal(job.StartDate, undefined);
  assert.match(job.PreSignedUrl as string, new RegExp(`^${t.url}/_import/${job.JobId}\\?token=`));
  // Describe shows the same job, URL included.
  assert.deepEqual((await describe(job.JobId)).UserImportJob, job);

  const send = (input: Record<string, unknown>) =>
    t.admin.send(
      new CreateUserImportJobCommand({
        JobName: 'n',
        UserPoolId: poolId,
        CloudWatchLogsRoleArn: ROLE,
        ...input,
      } as never),
    );
  await rejects(
    send({ CloudWatchLogsRoleArn: undefined }),
    'InvalidParameterException',
    "1 validation error detected: Value null at 'cloudWatchLogsRoleArn' failed to satisfy constraint: Member must not be null",
  );
  await rejects(
    send({ CloudWatchLogsRoleArn: 'not-an-arn-at-all-really' }),
    'InvalidParameterException',
  );
  await rejects(send({ JobName: 'bad/name' }), 'InvalidParameterException');
  await rejects(send({ UserPoolId: 'us-east-1_nothere' }), 'ResourceNotFoundException');
});

test('the PreSignedUrl takes a PUT with the right token only, before the job starts', async () => {
  const job = await createJob();
  const url = new URL(job.PreSignedUrl as string);
  url.searchParams.set('token', 'wrong');
  const refused = await fetch(url, { method: 'PUT', body: 'x' });
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /<Code>AccessDenied<\/Code>/);
  const other = await createJob();
  const swapped = new URL(other.PreSignedUrl as string);
  swapped.pathname = `/_import/${job.JobId}`;
  assert.equal((await fetch(swapped, { method: 'PUT', body: 'x' })).status, 403);

  const body = csv([row(unique('up'))]);
  const ok = await upload(job, body);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('etag'), `"${createHash('md5').update(body).digest('hex')}"`);
  await start(job.JobId);
  assert.equal((await upload(job, body)).status, 403);
  await waitForEnd(job.JobId);
});

test('Describe, Start and Stop of unknown jobs and in the wrong state', async () => {
  await rejects(describe('import-nothere1234'), 'ResourceNotFoundException');
  await rejects(describe('not-an-import-id'), 'InvalidParameterException');
  await rejects(start('import-nothere1234'), 'ResourceNotFoundException');
  await rejects(stop('import-nothere1234'), 'ResourceNotFoundException');
  const job = await createJob();
  // Another pool does not see it.
  const other = await createPool(t, { AutoVerifiedAttributes: ['email'] });
  await rejects(describe(job.JobId, other.Id), 'ResourceNotFoundException');
  await rejects(
    start(job.JobId),
    'PreconditionNotMetException',
    `Import job ${job.JobId} cannot be started: no .csv file was uploaded to its PreSignedUrl.`,
  );
  await rejects(
    stop(job.JobId),
    'PreconditionNotMetException',
    `Import job ${job.JobId} cannot be stopped: its status is Created.`,
  );
  // A pool without auto-verified attributes cannot run an import.
  const unverified = await createPool(t);
  const job2 = await createJob(unverified.Id);
  assert.equal((await upload(job2, csv([row('x')]))).status, 200);
  await rejects(
    t.admin.send(new StartUserImportJobCommand({ UserPoolId: unverified.Id, JobId: job2.JobId })),
    'PreconditionNotMetException',
  );
  assert.equal((await describe(job2.JobId, unverified.Id)).UserImportJob?.Status, 'Created');
});

test('2000 users: imported in RESET_REQUIRED with their attributes; bad rows failed, existing skipped', async () => {
  const prefix = unique('imp');
  const existing = `${prefix}existing`;
  await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: existing,
      MessageAction: 'SUPPRESS',
    }),
  );
  const rows: Row[] = [];
  for (let i = 0; i < 1994; i++) {
    rows.push(
      row(`${prefix}u${i}`, { given_name: `Given ${i}`, 'custom:tier': i % 2 ? 'gold' : 'silver' }),
    );
  }
  rows.push(row(`${prefix}comma`, { name: 'Doe, John' })); // `\,` in the file
  rows.push(row(existing)); // skipped
  rows.push(row(`${prefix}unverified`, { email_verified: 'FALSE' })); // failed
  rows.push(row('has space')); // failed
  rows.push(row(`${prefix}nomfa`, { 'cognito:mfa_enabled': '' })); // failed
  rows.push(row(`${prefix}baddate`, { birthdate: '1985-02-01' })); // failed
  assert.equal(rows.length, 2000);
  let body = csv(rows);
  body += `${prefix}short,too,few\n`; // wrong number of columns: failed

  const job = await createJob();
  assert.equal((await upload(job, body)).status, 200);
  const started = (await start(job.JobId)).UserImportJob as UserImportJobType;
  assert.equal(started.Status, 'Pending');
  assert.ok(started.StartDate instanceof Date);
  const { job: done, seen } = await waitForEnd(job.JobId);
  assert.deepEqual(seen.at(-1), 'Succeeded');
  assert.ok(
    seen.every((s) => ['Pending', 'InProgress', 'Succeeded'].includes(s)),
    seen.join(),
  );
  assert.equal(done.CompletionMessage, 'Import Job Completed Successfully.');
  assert.equal(done.ImportedUsers, 1995);
  assert.equal(done.SkippedUsers, 1);
  assert.equal(done.FailedUsers, 5);
  assert.ok(done.CompletionDate instanceof Date);

  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: `${prefix}u7` }),
  );
  assert.equal(user.UserStatus, 'RESET_REQUIRED');
  assert.equal(user.Enabled, true);
  const attrs = attrMap(user.UserAttributes);
  assert.equal(attrs.email, `${prefix}u7@example.com`);
  assert.equal(attrs.email_verified, 'true');
  assert.equal(attrs.given_name, 'Given 7');
  assert.equal(attrs['custom:tier'], 'gold');
  assert.match(attrs.sub, /^[0-9a-f-]{36}$/);
  const comma = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: `${prefix}comma` }),
  );
  assert.equal(attrMap(comma.UserAttributes).name, 'Doe, John');
  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `${prefix}unverified` })),
    'UserNotFoundException',
  );
  // The skipped user is untouched.
  const kept = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: existing }),
  );
  assert.equal(kept.UserStatus, 'FORCE_CHANGE_PASSWORD');

  // The imported user signs in after resetting the password, as on Cognito: before it, any
  // password answers PasswordResetRequiredException.
  const username = `${prefix}u42`;
  await rejects(signIn(t, clientId, username, 'Any-Passw0rd'), 'PasswordResetRequiredException');
  const forgot = await t.anon.send(
    new ForgotPasswordCommand({ ClientId: clientId, Username: username }),
  );
  assert.equal(forgot.CodeDeliveryDetails?.AttributeName, 'email');
  const code = (await t.outbox(`${username}@example.com`))?.code;
  assert.ok(code);
  await t.anon.send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: code,
      Password: PASSWORD,
    }),
  );
  const tokens = await signIn(t, clientId, username);
  assert.ok(tokens.AccessToken);
  const after = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(after.UserStatus, 'CONFIRMED');

  // An ended job can be neither started nor stopped again.
  await rejects(start(job.JobId), 'PreconditionNotMetException');
  await rejects(stop(job.JobId), 'PreconditionNotMetException');
});

test('a file whose header is not the pool header fails the job', async () => {
  const job = await createJob();
  const columns = header.filter((c) => c !== 'cognito:mfa_enabled');
  assert.equal((await upload(job, csv([row(unique('h'))], columns))).status, 200);
  await start(job.JobId);
  const { job: done } = await waitForEnd(job.JobId);
  assert.equal(done.Status, 'Failed');
  assert.equal(done.CompletionMessage, 'The CSV header lacks columns: cognito:mfa_enabled.');
  assert.equal(done.ImportedUsers, 0);
});

test('a job where every row fails or is skipped ends Failed', async () => {
  const job = await createJob();
  const rows = [row(unique('f'), { email_verified: 'false' }), row('two words')];
  assert.equal((await upload(job, csv(rows))).status, 200);
  await start(job.JobId);
  const { job: done } = await waitForEnd(job.JobId);
  assert.equal(done.Status, 'Failed');
  assert.equal(
    done.CompletionMessage,
    'Too many users have failed or been skipped during the import.',
  );
  assert.equal(done.FailedUsers, 2);
});

test('StopUserImportJob stops a running job: Stopped, with what it imported so far', async () => {
  const prefix = unique('stop');
  const rows = Array.from({ length: 30_000 }, (_, i) => row(`${prefix}${i}`));
  const job = await createJob();
  assert.equal((await upload(job, csv(rows))).status, 200);
  await start(job.JobId);
  const stopped = (await stop(job.JobId)).UserImportJob as UserImportJobType;
  const { job: done } = await waitForEnd(job.JobId);
  assert.equal(done.Status, 'Stopped');
  assert.equal(done.CompletionMessage, 'The Import Job was stopped by the developer.');
  assert.ok(['Stopping', 'Stopped'].includes(stopped.Status as string));
  assert.ok((done.ImportedUsers ?? 0) < rows.length, `imported ${done.ImportedUsers}`);
  await rejects(stop(job.JobId), 'PreconditionNotMetException');
  // What was imported stays; nothing after the stop is.
  const later = await describe(job.JobId);
  assert.equal(later.UserImportJob?.ImportedUsers, done.ImportedUsers);
});

test('ListUserImportJobs: newest first, paginated; MaxResults is required and 1-60', async () => {
  const pool = await createPool(t, { AutoVerifiedAttributes: ['email'] });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await createJob(pool.Id)).JobId);
  const list = (max: number, token?: string) =>
    t.admin.send(
      new ListUserImportJobsCommand({
        UserPoolId: pool.Id,
        MaxResults: max,
        PaginationToken: token,
      }),
    );
  const all = await list(60);
  assert.deepEqual(
    all.UserImportJobs?.map((j) => j.JobId),
    [...ids].reverse(),
  );
  assert.equal(all.PaginationToken, undefined);
  const first = await list(2);
  assert.equal(first.UserImportJobs?.length, 2);
  assert.ok(first.PaginationToken);
  const second = await list(2, first.PaginationToken);
  assert.deepEqual(
    second.UserImportJobs?.map((j) => j.JobId),
    [ids[0]],
  );
  assert.equal(second.PaginationToken, undefined);
  await rejects(
    list(0),
    'InvalidParameterException',
    "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60 and greater than or equal to 1",
  );
  await rejects(list(61), 'InvalidParameterException');
  await rejects(
    t.admin.send(new ListUserImportJobsCommand({ UserPoolId: pool.Id } as never)),
    'InvalidParameterException',
  );
  await rejects(
    t.admin.send(new ListUserImportJobsCommand({ UserPoolId: 'us-east-1_nothere', MaxResults: 5 })),
    'ResourceNotFoundException',
  );
});
