// What a newcomer hit (issue 17), each as the user met it: the credentials file init guessed,
// Amplify's category-first commands, environments and removed resources, the status words, the
// one-step setup of the admin console, and the import question's default.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, loadAwsExports, startServer, Terminal } from './helpers.ts';

const readJson = (dir: string, ...file: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...file), 'utf8'));
const json = (stdout: string) => JSON.parse(stdout);

/** A pool with a web client, made with the AWS SDK as another team would. */
async function makePool(t: TestServer, name: string) {
  const pool = await t.admin.send(
    new CreateUserPoolCommand({ PoolName: name, UsernameAttributes: ['email'] }),
  );
  const id = pool.UserPool?.Id as string;
  const client = await t.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: `${name}-web` }),
  );
  return { id, clientId: client.UserPoolClient?.ClientId as string };
}

describe('a newcomer', () => {
  let t: TestServer & { credentials: string };
  let term: Terminal | undefined;

  before(async () => {
    t = await startServer();
  });
  afterEach(() => {
    term?.close();
    term = undefined;
  });
  after(() => t?.close());

  test('init finds the server that runs in the app folder: its endpoint and credentials', async () => {
    const dir = appDir();
    // `cognate serve` here writes .cognate/ (its data folder) in the app.
    const local = await startTestServer({ dataDir: path.join(dir, '.cognate') });
    try {
      const run = await cli(dir, ['--json', 'init', '--yes']);
      assert.equal(run.code, 0, run.stderr);
      const env = readJson(dir, 'team-provider-info.json').dev;
      assert.equal(env.endpoint, local.url);
      assert.equal(env.credentialsFile, path.join('.cognate', 'credentials'));
      const add = await cli(dir, ['auth', 'add', '--yes']);
      assert.equal(add.code, 0, add.stderr);
      const push = await cli(dir, ['auth', 'push', '--yes']);
      assert.equal(push.code, 0, push.stderr);
      assert.ok((await loadAwsExports(dir)).aws_user_pools_id);
    } finally {
      await local.close();
    }
  });

  test('a wrong credentials file: init warns, push names the command that fixes it, which does', async () => {
    const dir = appDir();
    const run = await cli(dir, ['init', '--yes', '--endpoint', t.url]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /⚠ .*cognate env update --credentials/);
    await cli(dir, ['add', 'auth', '--yes']);
    const push = await cli(dir, ['push', '--yes']);
    assert.equal(push.code, 1);
    const fix = /`(cognate env update --credentials [^`]+)`/.exec(push.stderr)?.[1];
    assert.ok(fix, push.stderr);
    // The placeholder is the server's file: the banner prints it.
    const args = fix.replace('<data-dir>/credentials', t.credentials).split(' ').slice(1);
    const update = await cli(dir, args);
    assert.equal(update.code, 0, update.stderr);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    // A key the server does not know: the same command is named.
    writeFileSync(
      path.join(dir, 'bad-credentials'),
      '[cognate]\naws_access_key_id = AKNOPE\naws_secret_access_key = nope\n',
    );
    await cli(dir, ['env', 'update', '--credentials', 'bad-credentials']);
    const refused = await cli(dir, ['status']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the admin key[\s\S]*cognate env update --credentials/);
  });

  test("Amplify's category-first commands and console auth", async () => {
    const dir = appDir();
    await initProject(dir, t);
    assert.equal((await cli(dir, ['auth', 'add', '--yes'])).code, 0);
    const status = await cli(dir, ['--json', 'auth', 'status']);
    assert.equal(json(status.stdout).resources[0].operation, 'Create');
    assert.equal((await cli(dir, ['auth', 'push', '--yes'])).code, 0);
    for (const args of [
      ['console', 'auth'],
      ['auth', 'console'],
    ]) {
      const run = await cli(dir, ['--json', ...args]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(json(run.stdout).url, `${t.url}/console`);
    }
    const wrong = await cli(dir, ['console', 'api']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /cognate console auth/);
    const unknown = await cli(dir, ['auth', 'frobnicate']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /cognate auth add/);
  });

  test('env add names its pool for the environment; remove auth + push deletes the managed pool', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--yes']);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    const devId = readJson(dir, 'team-provider-info.json').dev.resources.auth;
    const devPool = Object.values(devId)[0] as { UserPoolId: string };
    const name = async (id: string) =>
      (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool?.Name;
    assert.match((await name(devPool.UserPoolId)) ?? '', /-dev$/);
    assert.equal((await cli(dir, ['env', 'add', 'staging', '--yes'])).code, 0);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    const staging = Object.values(
      readJson(dir, 'team-provider-info.json').staging.resources.auth,
    )[0] as { UserPoolId: string };
    assert.notEqual(staging.UserPoolId, devPool.UserPoolId);
    assert.match((await name(staging.UserPoolId)) ?? '', /-staging$/);

    assert.equal((await cli(dir, ['remove', 'auth', '--yes'])).code, 0);
    // Without a terminal and without --yes, nothing is deleted.
    const asked = await cli(dir, ['push']);
    assert.equal(asked.code, 1);
    assert.match(asked.stdout, /- user pool .*: delete\n\s+.*-staging: 0 users/);
    // In a terminal the question names the pool and its users, and "no" keeps it.
    term = new Terminal(dir, ['push']);
    const screen = await term.waitFor('This cannot be undone.');
    assert.match(
      screen,
      new RegExp(`Delete user pool ${staging.UserPoolId} \\(.*-staging\\) with 0 users\\?`),
    );
    term.keys('Enter');
    assert.equal((await term.exit()).code, 0);
    assert.ok(await name(staging.UserPoolId));
    const push = await cli(dir, ['--json', 'push', '--yes']);
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(
      json(push.stdout).deleted.map((d: { id: string }) => d.id),
      [staging.UserPoolId],
    );
    await assert.rejects(name(staging.UserPoolId), { name: 'ResourceNotFoundException' });
    const exports = await loadAwsExports(dir);
    assert.equal(exports.aws_user_pools_id, undefined);
    // dev still has its pool until dev is pushed; checking it out writes no config for it.
    const checkout = await cli(dir, ['env', 'checkout', 'dev']);
    assert.equal(checkout.code, 0, checkout.stderr);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, undefined);
    assert.match((await cli(dir, ['status'])).stdout, /│ Delete/);
  });

  test('imported pool: env add, remove auth, env checkout writes no stale config, import again', async () => {
    const dir = appDir();
    await initProject(dir, t);
    const pool = await makePool(t, `imported${Date.now()}`);
    const imported = await cli(dir, ['import', 'auth', '--user-pool-id', pool.id]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((await cli(dir, ['env', 'add', 'staging', '--yes'])).code, 0);
    assert.equal((await cli(dir, ['remove', 'auth', '--yes'])).code, 0);
    const checkout = await cli(dir, ['env', 'checkout', 'dev']);
    assert.equal(checkout.code, 0, checkout.stderr);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, undefined);
    const again = await cli(dir, ['import', 'auth', '--user-pool-id', pool.id]);
    assert.equal(again.code, 0, again.stderr);
    const push = await cli(dir, ['--json', 'push', '--yes']);
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(json(push.stdout).deleted, []);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, pool.id);
    // An imported pool is unlinked, never deleted.
    await cli(dir, ['remove', 'auth', '--yes']);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    assert.ok((await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.id }))).UserPool);
  });

  test('status: a hand edit is Update; after pull, no diff (VerificationMessageTemplate included)', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--yes']);
    await cli(dir, ['push', '--yes']);
    const [name] = Object.keys(readJson(dir, 'backend', 'backend-config.json').auth);
    const file = path.join(dir, 'cognate', 'backend', 'auth', name, 'user-pool.json');
    const defs = JSON.parse(readFileSync(file, 'utf8'));
    defs.Schema.push({ Name: 'tier', AttributeDataType: 'String', Mutable: true });
    defs.Policies.PasswordPolicy.MinimumLength = 12;
    writeFileSync(file, JSON.stringify(defs, null, 2));
    const status = await cli(dir, ['--json', 'status']);
    assert.equal(json(status.stdout).resources[0].operation, 'Update');
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    // Someone changes the messages on the server (as the console or the AWS CLI would).
    const id = (
      Object.values(readJson(dir, 'team-provider-info.json').dev.resources.auth)[0] as {
        UserPoolId: string;
      }
    ).UserPoolId;
    const pool = (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
    await t.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        AutoVerifiedAttributes: pool?.AutoVerifiedAttributes,
        Policies: pool?.Policies,
        VerificationMessageTemplate: {
          DefaultEmailOption: 'CONFIRM_WITH_CODE',
          EmailSubject: 'Welcome',
          EmailMessage: 'Your code: {####}',
          SmsMessage: 'Code {####}',
        },
      }),
    );
    const changed = await cli(dir, ['--json', 'status']);
    assert.equal(json(changed.stdout).resources[0].operation, 'Update');
    const pull = await cli(dir, ['pull']);
    assert.equal(pull.code, 0, pull.stderr);
    const after = await cli(dir, ['--json', 'status']);
    const result = json(after.stdout);
    assert.equal(result.changes, 0, JSON.stringify(result.plan, null, 2));
    assert.equal(result.resources[0].operation, 'No Change');
    // The answers keep the name without the environment.
    const answers = readJson(dir, 'backend', 'auth', name, 'cli-inputs.json');
    assert.doesNotMatch(answers.userPoolName, /-dev$/);
    assert.equal(answers.emailVerificationSubject, 'Welcome');
    // An update that names no template (the AWS CLI's update-user-pool without it) leaves the
    // pool sending the default messages: pull takes those, and status has nothing to do.
    await t.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        AutoVerifiedAttributes: pool?.AutoVerifiedAttributes,
        Policies: pool?.Policies,
      }),
    );
    assert.equal((await cli(dir, ['pull'])).code, 0);
    const defaults = json((await cli(dir, ['--json', 'status'])).stdout);
    assert.equal(defaults.changes, 0, JSON.stringify(defaults.plan, null, 2));
  });

  test("the console's local setup: pull --endpoint --user-pool-id --app-client-id", async () => {
    const pool = await makePool(t, `console${Date.now()}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'cognate-setup-'));
    const args = [
      'pull',
      '--endpoint',
      t.url,
      '--user-pool-id',
      pool.id,
      '--app-client-id',
      pool.clientId,
    ];
    // No local server data here: the key's file is asked for by flag, before anything is written.
    const missing = await cli(dir, args);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--credentials/);
    const run = await cli(dir, ['--json', ...args, '--credentials', t.credentials]);
    assert.equal(run.code, 0, run.stderr);
    const result = json(run.stdout);
    assert.equal(result.created, true);
    assert.equal(result.env, 'dev');
    assert.equal(result.UserPoolId, pool.id);
    const exports = await loadAwsExports(dir);
    assert.equal(exports.aws_user_pools_id, pool.id);
    assert.equal(exports.aws_user_pools_web_client_id, pool.clientId);
    assert.equal((exports.Auth as { endpoint: string }).endpoint, t.url);
    assert.equal(
      (
        Object.values(readJson(dir, 'backend', 'backend-config.json').auth)[0] as {
          serviceType: string;
        }
      ).serviceType,
      'imported',
    );
    // Again in the same project, for another pool: the imported resource follows it.
    const other = await makePool(t, `console2${Date.now()}`);
    const again = await cli(dir, [
      '--json',
      'pull',
      '--user-pool-id',
      other.id,
      '--app-client-id',
      other.clientId,
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(json(again.stdout).created, false);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, other.id);
    assert.equal(Object.keys(readJson(dir, 'backend', 'backend-config.json').auth).length, 1);
    // A client that is not the pool's: nothing changes.
    const wrong = await cli(dir, [
      'pull',
      '--user-pool-id',
      other.id,
      '--app-client-id',
      pool.clientId,
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /pick one of/);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, other.id);
    assert.equal(
      (
        Object.values(readJson(dir, 'team-provider-info.json').dev.resources.auth)[0] as {
          UserPoolId: string;
        }
      ).UserPoolId,
      other.id,
    );
  });
});

/** The down-arrow presses that reach `poolId` in the server's pool list (its order). */
async function downsTo(t: TestServer, poolId: string): Promise<string[]> {
  const pools = (await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
  const index = pools.findIndex((p) => p.Id === poolId);
  assert.ok(index >= 0);
  return Array(index).fill('Down');
}

describe('import auth: the default answer', () => {
  test('User Pool only first without identity pools; User Pool and Identity Pool once one exists', async () => {
    const t = await startServer();
    let term: Terminal | undefined;
    try {
      const pool = await makePool(t, `only${Date.now()}`);
      const dir = appDir();
      await initProject(dir, t);
      term = new Terminal(dir, ['import', 'auth']);
      await term.answer('What type of auth resource do you want to import?', 'Enter');
      await term.answer(
        'Select the User Pool you want to import',
        ...(await downsTo(t, pool.id)),
        'Enter',
      );
      const done = await term.exit();
      assert.equal(done.code, 0, done.screen);
      assert.match(done.screen, new RegExp(`User Pool '${pool.id}' was successfully imported`));
      term.close();

      // An identity pool for that pool and client: the default now imports both.
      const { CognitoIdentityClient, CreateIdentityPoolCommand } = await import(
        '@aws-sdk/client-cognito-identity'
      );
      const identity = new CognitoIdentityClient({
        region: 'us-east-1',
        endpoint: t.url,
        credentials: await t.admin.config.credentials(),
      });
      const ip = await identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: 'both',
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [
            {
              ProviderName: `cognito-idp.us-east-1.amazonaws.com/${pool.id}`,
              ClientId: pool.clientId,
            },
          ],
        }),
      );
      identity.destroy();
      const second = appDir();
      await initProject(second, t);
      term = new Terminal(second, ['import', 'auth']);
      await term.answer('What type of auth resource do you want to import?', 'Enter');
      await term.answer(
        'Select the User Pool you want to import',
        ...(await downsTo(t, pool.id)),
        'Enter',
      );
      const both = await term.exit();
      assert.equal(both.code, 0, both.screen);
      assert.match(both.screen, new RegExp(`Identity Pool 'both' \\(${ip.IdentityPoolId}\\)`));
    } finally {
      term?.close();
      await t.close();
    }
  });
});
