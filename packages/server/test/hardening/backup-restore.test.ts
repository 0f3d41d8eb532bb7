// Issue 18, beyond Cognito: `cognate-server backup` takes a consistent snapshot of the SQLite
// database while the server serves writes; `restore` puts it into a stopped data folder, and a
// server started on it serves every user the snapshot holds.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import SQLite from 'better-sqlite3';
import { runBackupCommand } from '../../src/cli/backup.ts';
import {
  createClient,
  createConfirmed,
  createPool,
  PASSWORD,
  startTestServer,
  type TestServer,
  testStore,
} from '../support/index.ts';

const skip =
  testStore !== 'sqlite' && 'backup/restore is for the SQLite store (pg_dump on PostgreSQL)';
const root = mkdtempSync(path.join(tmpdir(), 'cognate-backup-'));
const open: TestServer[] = [];
after(async () => {
  for (const t of open) await t.close().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});
const masterKey = randomBytes(32).toString('base64');

test('a backup taken during writes restores to a consistent database that serves', {
  skip,
}, async () => {
  const source = path.join(root, 'live');
  const t = await startTestServer({ dataDir: source, config: { masterKey } });
  open.push(t);
  const pool = await createPool(t);
  const client = await createClient(t, pool.Id, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await createConfirmed(t, pool.Id, 'before-backup');
  // Writers keep creating users while the backup runs.
  let writing = true;
  let created = 0;
  const writers = Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; writing; i++) {
      await t.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.Id,
          Username: `w${w}-${i}`,
          MessageAction: 'SUPPRESS',
        }),
      );
      created++;
    }
  });
  while (created < 20) await new Promise((r) => setTimeout(r, 10));
  const file = path.join(root, 'snapshot.sqlite');
  await runBackupCommand('backup', ['--data-dir', source, file]);
  const atBackup = created;
  while (created < atBackup + 20) await new Promise((r) => setTimeout(r, 10));
  writing = false;
  await Promise.all(writers);
  assert.equal((statSync(file).mode & 0o777).toString(8), '600');

  const snapshot = new SQLite(file, { readonly: true });
  assert.equal(snapshot.pragma('integrity_check', { simple: true }), 'ok');
  const inSnapshot = (snapshot.prepare('select count(*) as n from users').get() as { n: number }).n;
  snapshot.close();
  assert.ok(
    inSnapshot >= 1 + 20 && inSnapshot < 1 + created,
    `snapshot holds ${inSnapshot} of ${1 + created}`,
  );

  const target = path.join(root, 'restored');
  await runBackupCommand('restore', ['--data-dir', target, file]);
  const r = await startTestServer({ dataDir: target, config: { masterKey } });
  open.push(r);
  // Every user the snapshot holds is whole: listed, readable, and the first one signs in.
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await r.admin.send(
      new ListUsersCommand({ UserPoolId: pool.Id, PaginationToken: token }),
    );
    names.push(...(page.Users ?? []).map((u) => u.Username as string));
    token = page.PaginationToken;
  } while (token);
  assert.equal(names.length, inSnapshot);
  for (const name of names.slice(0, 10)) {
    const u = await r.admin.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: name }));
    assert.equal(u.Username, name);
  }
  const auth = await r.anon.send(
    new InitiateAuthCommand({
      ClientId: client.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'before-backup', PASSWORD },
    }),
  );
  assert.ok(auth.AuthenticationResult?.AccessToken);
});

test('restore refuses a file that is not a Cognate database', { skip }, async () => {
  const bogus = path.join(root, 'bogus.sqlite');
  const db = new SQLite(bogus);
  db.exec('create table t (x)');
  db.close();
  await assert.rejects(
    runBackupCommand('restore', ['--data-dir', path.join(root, 'other'), bogus]),
    /not a Cognate database/,
  );
});
