// The other commands: help, console, serve, remove auth, pull, env list/remove, headless CI use.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { appDir, CLI, cli, initProject, loadAwsExports, startServer } from './helpers.ts';

const readJson = (dir: string, ...file: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...file), 'utf8'));

describe('commands', () => {
  let t: TestServer & { credentials: string };

  before(async () => {
    t = await startServer();
  });
  after(() => t?.close());

  test('every command has --help', async () => {
    const dir = appDir();
    const commands = [
      ['init'],
      ['add', 'auth'],
      ['update', 'auth'],
      ['remove', 'auth'],
      ['import', 'auth'],
      ['push'],
      ['pull'],
      ['status'],
      ['env', 'add'],
      ['env', 'list'],
      ['env', 'checkout'],
      ['env', 'remove'],
      ['console'],
    ];
    for (const command of commands) {
      const run = await cli(dir, [...command, '--help']);
      assert.equal(run.code, 0, command.join(' '));
      assert.match(
        run.stdout,
        new RegExp(`^Usage: cognate ${command.join(' ')}`),
        command.join(' '),
      );
    }
    const top = await cli(dir, ['--help']);
    assert.match(top.stdout, /init .*\n[\s\S]*serve/);
    const unknown = await cli(dir, ['deploy']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command 'deploy'/);
  });

  test('console prints the URL and whether the server serves the console there', async () => {
    const dir = appDir();
    await initProject(dir, t);
    const run = await cli(dir, ['--json', 'console']);
    assert.equal(run.code, 0);
    // The server serves it once the console is built (503 before `npm run build`).
    const available = (await fetch(`${t.url}/console`)).ok;
    assert.deepEqual(JSON.parse(run.stdout), { url: `${t.url}/console`, available });
    assert.match(run.stderr, available ? /sign in with the admin key/ : /does not answer there/);
  });

  test('serve runs the server (as npm start does) until it is stopped', async () => {
    const dir = appDir();
    const child = spawn(
      process.execPath,
      [
        ...CLI,
        'serve',
        '--port',
        '0',
        '--data-dir',
        path.join(dir, '.cognate'),
        '--log-level',
        'warn',
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c;
    });
    const deadline = Date.now() + 30000;
    while (!/listening on (http:\/\/\S+)/.test(output)) {
      assert.ok(Date.now() < deadline, `no start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    // The credentials it wrote are what `cognate init` points at by default.
    assert.match(readFileSync(path.join(dir, '.cognate', 'credentials'), 'utf8'), /\[cognate\]/);
  });

  test('remove auth, then push deletes the managed pool, as Amplify does', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"gone"}']);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    const ids = readJson(dir, 'team-provider-info.json').dev.resources.auth.gone;
    const removed = await cli(dir, ['remove', 'auth', '--yes']);
    assert.equal(removed.code, 0, removed.stderr);
    const status = JSON.parse((await cli(dir, ['--json', 'status'])).stdout);
    assert.deepEqual(status.resources, [
      { category: 'Auth', resourceName: 'gone', operation: 'Delete', providerPlugin: 'cognate' },
    ]);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /- user pool us-east-1_\w+: delete/);
    assert.match(pushed.stdout, /- resource us-east-1_\w+: unlink/);
    assert.deepEqual(readJson(dir, 'team-provider-info.json').dev.resources.auth, {});
    assert.deepEqual(await loadAwsExports(dir), { aws_project_region: 'us-east-1' });
    await assert.rejects(
      t.admin.send(new DescribeUserPoolCommand({ UserPoolId: ids.UserPoolId })),
      {
        name: 'ResourceNotFoundException',
      },
    );
    const again = await cli(dir, ['remove', 'auth', '--yes']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /this project has no auth resource/);
  });

  test('pull brings a change made on the server into the files', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"pulled"}']);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    const { UserPoolId } = readJson(dir, 'team-provider-info.json').dev.resources.auth.pulled;
    const current = (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool;
    await t.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId,
        AutoVerifiedAttributes: current?.AutoVerifiedAttributes,
        VerificationMessageTemplate: current?.VerificationMessageTemplate,
        Policies: { PasswordPolicy: { MinimumLength: 20, RequireSymbols: true } },
      }),
    );
    const status = await cli(dir, ['status']);
    assert.match(status.stdout, /MinimumLength: 20 → 8/);
    const pulled = await cli(dir, ['pull']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(
      readJson(dir, 'backend', 'auth', 'pulled', 'cli-inputs.json').passwordPolicy.minLength,
      20,
    );
    assert.equal(
      readJson(dir, 'backend', 'auth', 'pulled', 'user-pool.json').Policies.PasswordPolicy
        .RequireSymbols,
      true,
    );
    assert.match((await cli(dir, ['push'])).stdout, /No changes/);
    const config = await loadAwsExports(dir);
    assert.deepEqual(config.aws_cognito_password_protection_settings, {
      passwordPolicyMinLength: 20,
      passwordPolicyCharacters: ['REQUIRES_SYMBOLS'],
    });
  });

  test('environments: headless add, list, checkout, remove; each env gets its own pool', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"multi"}']);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    const added = await cli(dir, ['env', 'add', 'prod', '--headless', '-'], '{}');
    assert.equal(added.code, 0, added.stderr);
    assert.equal((await cli(dir, ['push', '--yes'])).code, 0);
    const team = readJson(dir, 'team-provider-info.json');
    assert.notEqual(
      team.prod.resources.auth.multi.UserPoolId,
      team.dev.resources.auth.multi.UserPoolId,
    );
    const list = JSON.parse((await cli(dir, ['--json', 'env', 'list'])).stdout);
    assert.equal(list.current, 'prod');
    assert.deepEqual(
      list.environments.map((e: { name: string }) => e.name),
      ['dev', 'prod'],
    );
    const inUse = await cli(dir, ['env', 'remove', 'prod', '--yes']);
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /environment prod is checked out/);
    assert.equal((await cli(dir, ['env', 'checkout', 'dev'])).code, 0);
    assert.equal(
      (await loadAwsExports(dir)).aws_user_pools_id,
      team.dev.resources.auth.multi.UserPoolId,
    );
    assert.equal((await cli(dir, ['env', 'remove', 'prod', '--yes'])).code, 0);
    assert.deepEqual(Object.keys(readJson(dir, 'team-provider-info.json')), ['dev']);
  });
});
