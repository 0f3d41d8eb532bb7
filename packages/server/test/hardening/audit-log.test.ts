// Issue 18, beyond Cognito: an audit log of admin operations. Every SigV4 operation leaves a row
// after it ends (outside its transaction, so a failed one too) with who (access key id), what
// (operation, pool, target user, client or group), the outcome, when and from where; never a
// password, secret, token or code. CognateListAuditEvents lists them with filters and paging,
// and housekeeping drops them after `retention.auditEventsDays`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { sweepExpired } from '../../src/services/housekeeping.ts';
import { rejects, signedPost, startTestServer, type TestServer, unique } from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

interface Event {
  EventId: string;
  EventTime: number;
  Operation: string;
  Outcome: string;
  AccessKeyId?: string;
  UserPoolId?: string;
  Username?: string;
  ClientId?: string;
  GroupName?: string;
  SourceIp?: string;
  UserAgent?: string;
}

async function list(body: Record<string, unknown>) {
  const res = await signedPost(t, 'CognateListAuditEvents', JSON.stringify(body));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { AuditEvents: Event[]; NextToken?: string };
}

/** Every stored audit row, as the database holds it. */
async function storedRows(): Promise<Record<string, unknown>[]> {
  const db = t.server.db;
  return db.selectFrom('audit_events').selectAll().execute();
}

test('a CreateUserPool and a failed AdminCreateUser are listed with their fields', async () => {
  const started = Date.now() / 1000 - 1;
  const name = unique('audited');
  const created = await t.admin.send(new CreateUserPoolCommand({ PoolName: name }));
  const poolId = created.UserPool?.Id as string;
  const username = unique('victim');
  const temporary = `Tmp-${unique('secret')}-9aA!`;
  await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: temporary,
      MessageAction: 'SUPPRESS',
    }),
  );
  // The same user again: UsernameExistsException, its writes rolled back, its row kept.
  await rejects(
    t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: temporary,
        MessageAction: 'SUPPRESS',
      }),
    ),
    'UsernameExistsException',
  );
  const { AuditEvents } = await list({ UserPoolId: poolId, StartTime: started });
  const ops = AuditEvents.map((e) => `${e.Operation}:${e.Outcome}`);
  // Newest first.
  assert.deepEqual(ops, ['AdminCreateUser:UsernameExistsException', 'AdminCreateUser:ok']);
  const failed = AuditEvents[0];
  assert.equal(failed.UserPoolId, poolId);
  assert.equal(failed.Username, username);
  assert.equal(failed.AccessKeyId, t.server.accessKey.accessKeyId);
  assert.equal(failed.SourceIp, '127.0.0.1');
  assert.match(failed.UserAgent ?? '', /aws-sdk-js/);
  assert.ok(failed.EventTime >= started && failed.EventTime <= Date.now() / 1000 + 1);
  // CreateUserPool has no pool id in its request; it is found by operation.
  const pools = await list({ Operation: 'CreateUserPool', StartTime: started });
  assert.ok(pools.AuditEvents.some((e) => e.Outcome === 'ok' && !e.UserPoolId));
  // Nothing secret is stored: not the temporary password, nor anything but named columns.
  const rows = JSON.stringify(await storedRows());
  assert.ok(!rows.includes(temporary), 'the temporary password is not stored');
  assert.ok(!rows.includes('Tmp-'), 'no part of it either');
});

test('passwords, client secrets and tokens never reach a row', async () => {
  const { UserPool } = await t.admin.send(new CreateUserPoolCommand({ PoolName: unique('p') }));
  const poolId = UserPool?.Id as string;
  const client = await t.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', GenerateSecret: true }),
  );
  const secret = client.UserPoolClient?.ClientSecret as string;
  const username = unique('u');
  await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
    }),
  );
  const password = `Perm-${unique('pw')}-1aA!`;
  await t.admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  await t.admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
  // User operations (no SigV4) are not admin operations and leave no row.
  await t.anon
    .send(
      new SignUpCommand({
        ClientId: client.UserPoolClient?.ClientId,
        Username: 'x',
        Password: password,
      }),
    )
    .catch(() => {});
  const rows = await storedRows();
  const text = JSON.stringify(rows);
  for (const value of [secret, password]) assert.ok(!text.includes(value));
  const mine = rows.filter((r) => r.user_pool_id === poolId);
  assert.deepEqual(mine.map((r) => r.operation).sort(), [
    'AdminCreateUser',
    'AdminSetUserPassword',
    'CreateGroup',
    'CreateUserPoolClient',
  ]);
  assert.equal(mine.find((r) => r.operation === 'CreateGroup')?.target_group, 'admins');
  assert.equal(mine.find((r) => r.operation === 'AdminSetUserPassword')?.target_username, username);
});

test('filters by time, operation and key, and pages with MaxResults and NextToken', async () => {
  const { UserPool } = await t.admin.send(new CreateUserPoolCommand({ PoolName: unique('p') }));
  const poolId = UserPool?.Id as string;
  for (let i = 0; i < 7; i++) {
    await t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: `paged-${i}`,
        MessageAction: 'SUPPRESS',
      }),
    );
  }
  const seen: Event[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await list({
      UserPoolId: poolId,
      Operation: 'AdminCreateUser',
      MaxResults: 3,
      ...(token && { NextToken: token }),
    });
    assert.ok(page.AuditEvents.length <= 3);
    seen.push(...page.AuditEvents);
    token = page.NextToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(
    seen.map((e) => e.Username),
    ['paged-6', 'paged-5', 'paged-4', 'paged-3', 'paged-2', 'paged-1', 'paged-0'],
  );
  assert.equal(new Set(seen.map((e) => e.EventId)).size, 7);
  // A token is bound to its filter.
  const first = await list({ UserPoolId: poolId, MaxResults: 1 });
  const foreign = await signedPost(
    t,
    'CognateListAuditEvents',
    JSON.stringify({ Operation: 'CreateGroup', NextToken: first.NextToken }),
  );
  assert.equal(foreign.body.__type, 'InvalidParameterException');
  // Another key id matches nothing; an end time before everything matches nothing.
  assert.equal((await list({ AccessKeyId: 'AKIDNOTOURS' })).AuditEvents.length, 0);
  assert.equal((await list({ UserPoolId: poolId, EndTime: 1 })).AuditEvents.length, 0);
  const bad = await signedPost(t, 'CognateListAuditEvents', JSON.stringify({ MaxResults: 61 }));
  assert.equal(bad.body.__type, 'InvalidParameterException');
});

test('housekeeping deletes events older than retention.auditEventsDays', async () => {
  const { UserPool } = await t.admin.send(new CreateUserPoolCommand({ PoolName: unique('p') }));
  const poolId = UserPool?.Id as string;
  await t.admin.send(
    new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'old', MessageAction: 'SUPPRESS' }),
  );
  const db = t.server.db;
  const retention = { outboxDays: 7, authEventsDays: 90, importJobsDays: 30, auditEventsDays: 2 };
  const at = (ms: number) => ({ now: () => t.clock.now() + ms });
  await sweepExpired({ db, clock: at(2 * 86_400_000 - 60_000) }, retention);
  assert.equal((await list({ UserPoolId: poolId })).AuditEvents.length, 1);
  await sweepExpired({ db, clock: at(2 * 86_400_000 + 60_000) }, retention);
  assert.equal((await list({ UserPoolId: poolId })).AuditEvents.length, 0);
});

test('an unsigned or badly signed call leaves no row and cannot list', async () => {
  const before = (await storedRows()).length;
  const res = await fetch(t.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.CognateListAuditEvents',
    },
    body: '{}',
  });
  assert.equal(res.status, 403);
  assert.equal(
    ((await res.json()) as { __type: string }).__type,
    'MissingAuthenticationTokenException',
  );
  assert.equal((await storedRows()).length, before);
});
