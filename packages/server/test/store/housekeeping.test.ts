import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  ABANDONED_IMPORT_MESSAGE,
  IMPORT_JOB_STALE_MS,
  sweepExpired,
} from '../../src/services/housekeeping.ts';
import { transitionImportJob } from '../../src/store/repositories/user-import-jobs.ts';
import {
  advanceClock,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

// Expired sign-in sessions and codes are swept, live ones stay.
let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const count = async (table: 'auth_sessions' | 'codes') =>
  Number(
    (
      await t.server.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('sweepExpired removes sessions and codes past their expiry and keeps live ones', async () => {
  const ClientId = t.server.defaults?.client.id as string;
  const email = `${unique()}@example.com`;
  await t.anon.send(new SignUpCommand({ ClientId, Username: email, Password: PASSWORD }));
  await t.anon.send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: email, SRP_A: 'abcdef0123456789' },
    }),
  );
  assert.equal(await count('auth_sessions'), 1);
  assert.equal(await count('codes'), 1);

  await sweepExpired(t.server.ctx);
  assert.equal(await count('auth_sessions'), 1, 'a live session stays');
  assert.equal(await count('codes'), 1, 'a live code stays');

  t.clock.advance(10 * 60 * 1000); // sessions live minutes
  await sweepExpired(t.server.ctx);
  assert.equal(await count('auth_sessions'), 0);
  assert.equal(await count('codes'), 1, 'sign-up codes live a day');

  t.clock.advance(25 * 60 * 60 * 1000);
  await sweepExpired(t.server.ctx);
  assert.equal(await count('codes'), 0);
});

test('an import job whose server went away is ended; a live one is left alone', async () => {
  const { UserPool } = await t.admin.send(
    new CreateUserPoolCommand({ PoolName: unique('import'), AutoVerifiedAttributes: ['email'] }),
  );
  const UserPoolId = UserPool?.Id as string;
  const newJob = async () => {
    const { UserImportJob } = await t.admin.send(
      new CreateUserImportJobCommand({
        UserPoolId,
        JobName: unique('job'),
        CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/CognitoImport',
      }),
    );
    return UserImportJob?.JobId as string;
  };
  // Jobs a process claimed and then died with: no heartbeat after this.
  const running = await newJob();
  const stopping = await newJob();
  const now = t.clock.now();
  const claim = { startedAt: now, heartbeatAt: now };
  await transitionImportJob(t.server.db, running, ['Created'], { status: 'InProgress', ...claim });
  await transitionImportJob(t.server.db, stopping, ['Created'], { status: 'Stopping', ...claim });
  const describe = async (JobId: string) =>
    (await t.admin.send(new DescribeUserImportJobCommand({ UserPoolId, JobId }))).UserImportJob;

  advanceClock(t, IMPORT_JOB_STALE_MS - 60_000);
  // A job whose process is alive beats before the sweep.
  const live = await newJob();
  await transitionImportJob(t.server.db, live, ['Created'], {
    status: 'InProgress',
    startedAt: t.clock.now(),
    heartbeatAt: t.clock.now(),
  });
  await sweepExpired(t.server.ctx);
  assert.equal((await describe(running))?.Status, 'InProgress', 'not stale yet');

  advanceClock(t, 2 * 60_000);
  await sweepExpired(t.server.ctx);
  const failed = await describe(running);
  assert.equal(failed?.Status, 'Failed');
  assert.equal(failed?.CompletionMessage, ABANDONED_IMPORT_MESSAGE);
  assert.ok(failed?.CompletionDate);
  assert.equal((await describe(stopping))?.Status, 'Stopped');
  assert.equal((await describe(live))?.Status, 'InProgress');
  // A job never started is not a running one.
  const created = await newJob();
  advanceClock(t, IMPORT_JOB_STALE_MS * 2);
  await sweepExpired(t.server.ctx);
  assert.equal((await describe(created))?.Status, 'Created');
});
