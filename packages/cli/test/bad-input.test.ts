// Bad input: a server that is down, wrong credentials, hand-edited invalid JSON, MFA settings the
// server refuses, name clashes.
// Each gives a clear message and a non-zero exit, and changes no file and nothing on the server.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, snapshot, startServer } from './helpers.ts';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('bad input', () => {
  let t: TestServer & { credentials: string };
  let dir: string;

  const poolCount = async () =>
    (await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools?.length;

  /** Runs a command expected to fail; checks it changed nothing; returns its stderr. */
  async function fails(args: string[], cwd = dir): Promise<string> {
    const before = snapshot(cwd);
    const pools = await poolCount();
    const run = await cli(cwd, args);
    assert.equal(run.code, 1, `${args.join(' ')} should fail: ${run.stdout}`);
    assert.equal(snapshot(cwd), before, `${args.join(' ')} changed files`);
    assert.equal(await poolCount(), pools, `${args.join(' ')} changed the server`);
    return run.stderr;
  }

  before(async () => {
    t = await startServer();
    dir = appDir();
    await initProject(dir, t);
    const add = await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"main"}']);
    assert.equal(add.code, 0, add.stderr);
  });
  after(() => t?.close());

  test('a server that is down', async () => {
    const down = appDir();
    const port = await closedPort();
    await initProject(down, { url: `http://127.0.0.1:${port}`, credentials: t.credentials });
    await cli(down, ['add', 'auth', '--yes']);
    for (const args of [['push', '--yes'], ['status'], ['pull']]) {
      const stderr = await fails(args, down);
      assert.match(
        stderr,
        new RegExp(`cannot reach the Cognate server at http://127.0.0.1:${port}`),
      );
      assert.match(stderr, /start it with `cognate serve`/);
    }
  });

  test('wrong credentials', async () => {
    const wrong = appDir();
    const file = path.join(wrong, 'credentials');
    writeFileSync(file, '[cognate]\naws_access_key_id = AKWRONG\naws_secret_access_key = nope\n');
    await initProject(wrong, { url: t.url, credentials: file });
    await cli(wrong, ['add', 'auth', '--yes']);
    const stderr = await fails(['push', '--yes'], wrong);
    assert.match(stderr, /refused the admin key from profile "cognate"/);
    assert.match(stderr, /`cognate env update --credentials <data-dir>\/credentials`/);
    const missing = await fails(['push', '--yes'], appDirWith(t.url, '/nonexistent/credentials'));
    assert.match(missing, /no credentials file at \/nonexistent\/credentials/);
  });

  /** A project whose credentials file is `credentials` (written synchronously by init below). */
  function appDirWith(url: string, credentials: string): string {
    const d = appDir();
    const project = {
      projectName: 'x',
      sourceDir: 'src',
      version: 1,
    };
    const write = (file: string, value: unknown) => {
      const p = path.join(d, 'cognate', file);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, JSON.stringify(value));
    };
    write('project-config.json', project);
    write('team-provider-info.json', {
      dev: {
        endpoint: url,
        region: 'us-east-1',
        profile: 'cognate',
        credentialsFile: credentials,
        resources: { auth: {} },
      },
    });
    write('.config/local-env-info.json', { envName: 'dev' });
    write('backend/backend-config.json', { auth: {} });
    return d;
  }

  test('hand-edited invalid JSON', async () => {
    const file = path.join(dir, 'cognate', 'backend', 'auth', 'main', 'user-pool.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('"PoolName"', 'PoolName'));
    try {
      const stderr = await fails(['push', '--yes']);
      assert.match(
        stderr,
        /cognate\/backend\/auth\/main\/user-pool\.json is not valid JSON \(line 2\)/,
      );
      assert.match(stderr, /nothing was changed/);
      const json = await cli(dir, ['--json', 'status']);
      assert.equal(JSON.parse(json.stdout).error.code, 'InvalidJson');
      writeFileSync(file, '[]\n');
      assert.match(
        await fails(['push', '--yes']),
        /must be a JSON object with a "PoolName" string/,
      );
    } finally {
      writeFileSync(file, good);
    }
    const team = path.join(dir, 'cognate', 'team-provider-info.json');
    const teamText = readFileSync(team, 'utf8');
    writeFileSync(team, teamText.slice(0, -3));
    try {
      assert.match(await fails(['push', '--yes']), /team-provider-info\.json is not valid JSON/);
    } finally {
      writeFileSync(team, teamText);
    }
  });

  test('MFA definitions the server refuses, or that are not an MFA configuration', async () => {
    const mfa = appDir();
    await initProject(mfa, t);
    const answers = { resourceName: 'mfa', mfa: { mode: 'ON', types: ['TOTP'] } };
    assert.equal((await cli(mfa, ['add', 'auth', '--headless', JSON.stringify(answers)])).code, 0);
    const pushed = await cli(mfa, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    const file = path.join(mfa, 'cognate', 'backend', 'auth', 'mfa', 'mfa-config.json');
    // Cognito refuses MFA turned off with a factor still configured.
    writeFileSync(
      file,
      JSON.stringify({ MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true } }),
    );
    const refused = await fails(['push', '--yes'], mfa);
    assert.match(refused, /pushing: InvalidParameterException: .*can't turn off MFA and configure/);
    assert.match(refused, /fix what the server names in cognate\/backend\//);
    writeFileSync(file, '[]\n');
    assert.match(
      await fails(['status'], mfa),
      /mfa-config\.json must be a JSON object with a "MfaConfiguration" string/,
    );
    const fresh = appDir();
    await initProject(fresh, t);
    assert.match(
      await fails(['add', 'auth', '--headless', '{"mfa":{"mode":"ON","types":[]}}'], fresh),
      /mfa\.mode ON needs at least one of SMS, TOTP or EMAIL in mfa\.types/,
    );
    assert.match(
      await fails(
        ['add', 'auth', '--headless', '{"triggers":{"PreSignUp":"no such/name"}}'],
        fresh,
      ),
      /trigger PreSignUp: "no such\/name" is neither a function name/,
    );
  });

  test('name clashes', async () => {
    assert.match(await fails(['add', 'auth', '--yes']), /auth resource main already exists/);
    assert.match(
      await fails(['add', 'auth', '--headless', '{"resourceName":"other"}']),
      /auth resource main already exists in this project/,
    );
    assert.match(await fails(['env', 'add', 'dev', '--yes']), /environment dev already exists/);
    assert.match(await fails(['init', '--yes']), /already has a Cognate project/);
    assert.match(
      await fails(['import', 'auth', '--user-pool-id', 'us-east-1_nothere']),
      /auth resource main already exists/,
    );
  });

  test('answers that cannot work, and questions without a terminal', async () => {
    const fresh = appDir();
    await initProject(fresh, t);
    assert.match(
      await fails(['add', 'auth', '--headless', '{"passwordPolicy":{"minLength":3}}'], fresh),
      /passwordPolicy\.minLength must be a whole number from 6 to 99, not 3/,
    );
    assert.match(
      await fails(['add', 'auth', '--headless', '{"signIn": '], fresh),
      /headless input is not valid JSON/,
    );
    assert.match(
      await fails(['add', 'auth'], fresh),
      /asks questions, and stdin is not a terminal/,
    );
    assert.match(await fails(['push'], dir), /asks questions, and stdin is not a terminal/);
    assert.match(
      await fails(['import', 'auth', '--user-pool-id', 'us-east-1_nothere'], fresh),
      /has no user pool us-east-1_nothere/,
    );
    assert.match(await fails(['env', 'checkout', 'nope']), /no environment nope/);
    assert.match(
      await fails(['env', 'add', 'Bad-Name', '--yes']),
      /must be 2 to 10 lowercase letters/,
    );
    assert.match(await fails(['status'], appDir()), /no Cognate project here/);
  });
});
