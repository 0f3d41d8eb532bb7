// `cognate audit`: the server's audit log of admin operations, read with the environment's key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { parseSince } from '../src/commands/audit.ts';
import { appDir, cli, initProject, startServer } from './helpers.ts';

let t: TestServer & { credentials: string };
let dir: string;
let poolId: string;
before(async () => {
  t = await startServer();
  dir = appDir();
  await initProject(dir, t);
  const created = await t.admin.send(new CreateUserPoolCommand({ PoolName: 'audited' }));
  poolId = created.UserPool?.Id as string;
  const input = {
    UserPoolId: poolId,
    Username: 'alice',
    TemporaryPassword: 'Tmp-Secret-123!',
    MessageAction: 'SUPPRESS' as const,
  };
  await t.admin.send(new AdminCreateUserCommand(input));
  await t.admin.send(new AdminCreateUserCommand(input)).catch(() => {});
});
after(() => t?.close());

test('prints the admin operations, newest first, without secrets', async () => {
  const run = await cli(dir, ['audit', '--since', '1h', '--pool', poolId]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 2, run.stdout);
  assert.match(lines[0], /AdminCreateUser\s+UsernameExistsException\s+pool=\S+\s+user=alice/);
  assert.match(lines[1], /AdminCreateUser\s+ok\s+/);
  assert.match(lines[1], new RegExp(`key=${t.server.accessKey.accessKeyId}`));
  assert.match(lines[1], /from 127\.0\.0\.1/);
  assert.ok(!run.stdout.includes('Tmp-Secret'));
});

test('--operation and --json give the events as one JSON document', async () => {
  const run = await cli(dir, ['audit', '--operation', 'CreateUserPool', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const { events } = JSON.parse(run.stdout) as { events: { Operation: string; Outcome: string }[] };
  assert.ok(events.length >= 1);
  assert.ok(events.every((e) => e.Operation === 'CreateUserPool' && e.Outcome === 'ok'));
});

test('a bad --since is refused with a hint', async () => {
  const run = await cli(dir, ['audit', '--since', 'yesterday-ish']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /neither a duration nor a date/);
  assert.equal(parseSince('1h', 3_600_000), 0);
  assert.equal(parseSince('2026-12-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z') / 1000);
});
