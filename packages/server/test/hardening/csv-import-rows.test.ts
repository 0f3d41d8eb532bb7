// Finding 12 (issue 18): a stray quote swallowed two of four rows without counting them, and a
// 200 KB row failed the good row after it and the whole job. Every data row is now imported,
// skipped or failed, and counted, with a CloudWatch-style log line for each failure.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import pino from 'pino';
import {
  createConfirmed,
  createPool,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let header: string[];
const logLines: string[] = [];
before(async () => {
  t = await startTestServer();
  // The job log goes to the server log; capture it.
  t.server.ctx.log = pino({ level: 'info' }, { write: (l: string) => void logLines.push(l) });
  poolId = (await createPool(t, { AutoVerifiedAttributes: ['email'] })).Id;
  header = (await t.admin.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader ?? [];
});
after(() => t.close());

function line(username: string, extra: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    'cognito:username': username,
    'cognito:mfa_enabled': 'false',
    email: `${username}@example.com`,
    email_verified: 'true',
    ...extra,
  };
  return header.map((c) => values[c] ?? '').join(',');
}

async function runImport(csv: string): Promise<UserImportJobType> {
  const job = (
    await t.admin.send(
      new CreateUserImportJobCommand({
        JobName: unique('job'),
        UserPoolId: poolId,
        CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CognitoImportRole',
      }),
    )
  ).UserImportJob as UserImportJobType;
  const put = await fetch(job.PreSignedUrl as string, { method: 'PUT', body: csv });
  assert.equal(put.status, 200);
  await t.admin.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await t.admin.send(
      new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }),
    );
    const status = res.UserImportJob?.Status as string;
    if (['Succeeded', 'Failed', 'Stopped'].includes(status))
      return res.UserImportJob as UserImportJobType;
    assert.ok(Date.now() < deadline, `job still ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exists = (username: string) =>
  t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })).then(
    () => true,
    () => false,
  );

test('every data row is imported, skipped or failed, and counted', async () => {
  const names = Array.from({ length: 5 }, () => unique('csv'));
  const existing = unique('existing');
  await createConfirmed(t, poolId, existing);
  const rows = [
    line(names[0]),
    line(names[1], { name: 'O"Brien "the' }), // a stray quote: its own row, still imported
    line(names[2], { name: '"unclosed' }), // an opening quote never closed
    `${line(names[3], { name: 'x'.repeat(200_000) })}`, // 200 KB: fails alone
    line(names[4]),
    line(existing), // exists already: skipped
    'too,few,columns', // wrong column count: failed
    `${line(unique('extra'))},one-too-many`,
  ];
  const csv = `${header.join(',')}\n${rows[0]}\n\n${rows.slice(1, 4).join('\r\n')}\n   \n${rows.slice(4).join('\n')}\n\n`;
  const job = await runImport(csv);
  const total = (job.ImportedUsers ?? 0) + (job.SkippedUsers ?? 0) + (job.FailedUsers ?? 0);
  assert.equal(total, rows.length, JSON.stringify(job));
  assert.equal(job.SkippedUsers, 1);
  assert.equal(job.FailedUsers, 3);
  assert.equal(job.ImportedUsers, 4);
  assert.equal(job.Status, 'Succeeded');
  for (const n of [names[0], names[1], names[2], names[4]]) assert.ok(await exists(n), n);
  assert.equal(await exists(names[3]), false);
  const log = logLines.join('');
  assert.match(log, /\[FAILED\] Line Number 6 - The record is longer than 16000 characters\./);
  assert.match(log, /\[FAILED\] Line Number 10 - The record has 3 values but the header has/);
  assert.match(log, /\[SKIPPED\] Line Number 9 - /);
});
