// Finding 9 (issue 18): outbox messages, auth events, refresh tokens and import jobs were never
// deleted. Housekeeping keeps each for its documented retention: old rows go, recent rows stay.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_RETENTION, sweepExpired } from '../../src/services/housekeeping.ts';
import { insertAuthEvent } from '../../src/store/repositories/auth-events.ts';
import { insertMessage } from '../../src/store/repositories/outbox.ts';
import { insertGrant } from '../../src/store/repositories/refresh-tokens.ts';
import { insertImportJob } from '../../src/store/repositories/user-import-jobs.ts';
import { startTestServer, type TestServer } from '../support/index.ts';

const DAY = 24 * 60 * 60_000;
let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const count = async (table: 'outbox' | 'auth_events' | 'refresh_tokens' | 'user_import_jobs') =>
  (await t.server.db.selectFrom(table).select('id').execute()).map((r) => r.id).sort();

test('old history goes, recent rows stay (default retention)', async () => {
  const db = t.server.db;
  const now = t.clock.now();
  const { outboxDays, authEventsDays, importJobsDays } = DEFAULT_RETENTION;
  for (const [name, age] of [
    ['old', outboxDays * DAY + 60_000],
    ['new', outboxDays * DAY - 60_000],
  ] as const) {
    await insertMessage(db, {
      userPoolId: 'us-east-1_retention',
      username: `${name}-user`,
      channel: 'EMAIL',
      destination: `${name}@example.com`,
      body: 'Your code is 123456',
      code: '123456',
      createdAt: now - age,
    });
  }
  for (const [id, age] of [
    ['event-old', authEventsDays * DAY + 60_000],
    ['event-new', authEventsDays * DAY - 60_000],
  ] as const) {
    await insertAuthEvent(db, {
      id,
      userPoolId: 'us-east-1_retention',
      userId: 'u1',
      eventType: 'SignIn',
      eventResponse: 'Pass',
      challenges: [],
      createdAt: now - age,
    });
  }
  for (const [id, expiresIn] of [
    ['grant-expired', -60_000],
    ['grant-live', DAY],
  ] as const) {
    await insertGrant(db, {
      id,
      userPoolId: 'us-east-1_retention',
      clientId: 'c1',
      userId: 'u1',
      tokenHash: `hash-${id}`,
      authTime: now - DAY,
      createdAt: now - DAY,
      expiresAt: now + expiresIn,
    });
  }
  const job = (id: string, status: 'Succeeded' | 'InProgress' | 'Created', age: number) =>
    insertImportJob(db, {
      id,
      userPoolId: 'us-east-1_retention',
      name: id,
      status,
      roleArn: 'arn:aws:iam::123456789012:role/r',
      uploadTokenHash: id,
      uploadedBytes: 0,
      importedUsers: 0,
      skippedUsers: 0,
      failedUsers: 0,
      createdAt: now - age,
      completedAt: status === 'Succeeded' ? now - age : undefined,
    });
  await job('import-old-done', 'Succeeded', importJobsDays * DAY + 60_000);
  await job('import-new-done', 'Succeeded', importJobsDays * DAY - 60_000);
  await job('import-old-never', 'Created', importJobsDays * DAY + 60_000);
  // Running jobs are housekeeping's other business (heartbeats), never deleted by age.
  await job('import-running', 'InProgress', 1000);

  const outboxBefore = await count('outbox');
  await sweepExpired(t.server.ctx);

  const outbox = await t.server.db.selectFrom('outbox').select('username').execute();
  assert.ok(outbox.some((m) => m.username === 'new-user'));
  assert.ok(!outbox.some((m) => m.username === 'old-user'));
  assert.equal(outbox.length, outboxBefore.length - 1);
  assert.deepEqual(await count('auth_events'), ['event-new']);
  assert.deepEqual(await count('refresh_tokens'), ['grant-live']);
  assert.deepEqual(await count('user_import_jobs'), ['import-new-done', 'import-running']);
});

test('retention is configurable: one day keeps less', async () => {
  const now = t.clock.now();
  await insertAuthEvent(t.server.db, {
    id: 'event-two-days',
    userPoolId: 'us-east-1_retention',
    userId: 'u1',
    eventType: 'SignIn',
    eventResponse: 'Pass',
    challenges: [],
    createdAt: now - 2 * DAY,
  });
  await sweepExpired(t.server.ctx, { ...DEFAULT_RETENTION, authEventsDays: 1 });
  assert.deepEqual(await count('auth_events'), []);
});
