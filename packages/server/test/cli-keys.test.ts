import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeProtectedHeader } from 'jose';
import {
  passwordPool,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from './support/index.ts';

// `cognate keys …` run as a user would, in a child process, on the data folder of a server that
// keeps running in this process: the server must pick the new key up from the database at once.
const main = new URL('../src/main.ts', import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      { encoding: 'utf8', timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

let t: TestServer;
let poolId: string;
let clientId: string;
const scratch = mkdtempSync(path.join(tmpdir(), 'cognate-keys-'));
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The options naming the test server's store: its data folder, and its database URL if any. */
const store = () => ['--data-dir', t.dataDir, ...(t.database ? ['--database', t.database] : [])];
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const publishedKids = async () =>
  (
    (await (await fetch(`${t.url}/${poolId}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    }
  ).keys.map((k) => k.kid);

test('keys rotate and keys list work on the store of a running server', async () => {
  const username = unique('cli');
  await signUpConfirmed(t, clientId, username);
  const old = await signIn(t, clientId, username);
  const oldKid = kidOf(old.AccessToken);

  const rotated = await cli(['keys', 'rotate', '--pool', poolId, ...store()]);
  assert.equal(rotated.code, 0, rotated.stderr);
  const kid = rotated.stdout.trim();
  assert.match(kid, /^[\w-]{43}$/);
  assert.notEqual(kid, oldKid);
  assert.match(rotated.stderr, new RegExp(`replaced ${oldKid}: published until \\d{4}-`));

  // The running server signs with the new key and publishes both; old tokens still work.
  assert.deepEqual(await publishedKids(), [kid, oldKid]);
  assert.equal(kidOf((await signIn(t, clientId, username)).IdToken), kid);
  const me = await t.anon.send(new GetUserCommand({ AccessToken: old.AccessToken }));
  assert.equal(me.Username, username);

  const listed = await cli(['keys', 'list', '--pool', poolId, ...store(), '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const { Keys } = JSON.parse(listed.stdout) as {
    Keys: { KeyId: string; CreatedAt: string; RetiresAt?: string; State: string }[];
  };
  assert.deepEqual(
    Keys.map((k) => [k.KeyId, k.State]),
    [
      [kid, 'signing'],
      [oldKid, 'published'],
    ],
  );
  assert.equal(Keys[0].RetiresAt, undefined);
  const retires = Date.parse(Keys[1].RetiresAt as string) - Date.parse(Keys[0].CreatedAt);
  assert.ok(Math.abs(retires - 24 * 60 * 60 * 1000) < 1000, String(retires));

  const table = await cli(['keys', 'list', '--pool', poolId, ...store()]);
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^KID\s+CREATED\s+RETIRES\s+STATE$/);
  assert.match(lines[1], new RegExp(`^${kid}\\s+\\S+\\s+-\\s+signing$`));
  assert.match(lines[2], new RegExp(`^${oldKid}\\s+\\S+\\s+\\S+\\s+published$`));

  const json = await cli(['keys', 'rotate', '--pool', poolId, ...store(), '--json']);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(out).sort(), ['KeyId', 'PreviousKeyIds', 'RetiresAt']);
  assert.deepEqual(out.PreviousKeyIds, [kid]);
  assert.deepEqual(await publishedKids(), [out.KeyId, kid, oldKid]);
});

test('help, and mistakes that say what is wrong', async () => {
  const missingDir = path.join(scratch, 'nothing-here');
  const [top, keys, rotate, list, noPool, unknownPool, noStore, badCommand] = await Promise.all([
    cli(['--help']),
    cli(['keys', '--help']),
    cli(['keys', 'rotate', '--help']),
    cli(['keys', 'list', '-h']),
    cli(['keys', 'rotate', ...store()]),
    cli(['keys', 'list', '--pool', 'us-east-1_NoSuchPoo', ...store()]),
    cli(['keys', 'rotate', '--pool', poolId, '--data-dir', missingDir]),
    cli(['keys', 'spin']),
  ]);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /cognate keys <rotate\|list>/);
  assert.equal(keys.code, 0);
  assert.match(keys.stdout, /^Usage: cognate keys <command>/);
  assert.match(keys.stdout, /rotate .*\n\s+list /);
  assert.equal(rotate.code, 0);
  assert.match(rotate.stdout, /^Usage: cognate keys rotate --pool <userPoolId>/);
  assert.match(rotate.stdout, /--data-dir/);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^Usage: cognate keys list --pool <userPoolId>/);

  assert.equal(noPool.code, 1);
  assert.match(noPool.stderr, /--pool <userPoolId> is required/);
  assert.equal(unknownPool.code, 1);
  assert.match(unknownPool.stderr, /User pool us-east-1_NoSuchPoo does not exist\./);
  assert.equal(noStore.code, 1);
  assert.match(noStore.stderr, /no database at .*nothing-here/);
  assert.equal(existsSync(missingDir), false, 'a missing data folder is not created');
  assert.equal(badCommand.code, 1);
  assert.match(badCommand.stderr, /unknown keys command "spin"/);
});
