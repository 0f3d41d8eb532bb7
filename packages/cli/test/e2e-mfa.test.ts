// add auth with MFA (ON, SMS + TOTP), remembered devices and a PreSignUp trigger → push → the
// server's pool has them (DescribeUserPool, GetUserPoolMfaConfig) → status shows no change →
// update auth (OPTIONAL, TOTP + email) → push → applied; the scaffolded trigger runs on sign-up
// once edited, and the pool asks for MFA at sign-in; a webhook trigger; MFA, devices and the
// trigger turned off.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, loadAwsExports, startServer } from './helpers.ts';

const WEBHOOK_SECRET = 'a-webhook-secret-for-tests';

/** A webhook receiver on loopback that keeps each request and confirms every sign-up. */
async function startHook() {
  const received: { body: string; signature?: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-cognate-signature'] as string });
      const event = JSON.parse(body);
      event.response.autoConfirmUser = true;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(event));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/pre-sign-up`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const readJson = (dir: string, ...file: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...file), 'utf8'));

describe('MFA, devices and triggers: add auth → push → the server has them', () => {
  let t: TestServer & { credentials: string };
  let dir: string;
  let poolId: string;
  let functionFile: string;

  const pool = async () =>
    (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
  const mfa = () => t.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));

  /** `cognate status --json` says nothing would change. */
  async function noChanges() {
    const status = await cli(dir, ['--json', 'status']);
    assert.equal(status.code, 0, status.stderr);
    const result = JSON.parse(status.stdout);
    assert.equal(result.changes, 0, JSON.stringify(result.plan.resources[0].steps, null, 2));
  }

  before(async () => {
    dir = appDir();
    // The server runs trigger functions from the project's functions folder, as `cognate serve`
    // in the project would start it.
    t = await startServer({
      config: {
        functionsDir: path.join(dir, 'cognate', 'backend', 'function'),
        webhookSecret: WEBHOOK_SECRET,
      },
    });
    await initProject(dir, t);
  });
  after(() => t?.close());

  test('add auth writes the MFA, device and trigger definitions and a starter function', async () => {
    const answers = {
      resourceName: 'secureapp',
      mfa: { mode: 'ON', types: ['SMS', 'TOTP'], smsMessage: 'Your code: {####}' },
      devices: { challengeRequiredOnNewDevice: true, onlyRememberedOnUserPrompt: false },
      triggers: { PreSignUp: 'secureappPreSignUp' },
    };
    const add = await cli(dir, ['add', 'auth', '--headless', JSON.stringify(answers)]);
    assert.equal(add.code, 0, add.stderr);
    functionFile = path.join(dir, 'cognate', 'backend', 'function', 'secureappPreSignUp.mjs');
    assert.ok(existsSync(functionFile));
    assert.match(
      add.stdout,
      /wrote a starter PreSignUp function: cognate\/backend\/function\/secureappPreSignUp\.mjs/,
    );
    assert.match(add.stdout, /--functions-dir cognate\/backend\/function/);
    assert.doesNotMatch(add.stdout, /not supported by this server yet/);
    const mfaFile = readJson(dir, 'backend', 'auth', 'secureapp', 'mfa-config.json');
    assert.equal(mfaFile.MfaConfiguration, 'ON');
    assert.equal(mfaFile.SmsMfaConfiguration.SmsAuthenticationMessage, 'Your code: {####}');
  });

  test('push creates the pool, sets its MFA, and the server has everything', async () => {
    const pushed = await cli(dir, ['--json', 'push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    const result = JSON.parse(pushed.stdout);
    assert.deepEqual(
      result.applied.map((s: { object: string; action: string }) => `${s.object}:${s.action}`),
      ['user pool:create', 'MFA:create', 'app client:create'],
    );
    assert.deepEqual(result.unsupported, []);
    assert.deepEqual(result.warnings, []);
    assert.match(pushed.stderr, /MFA: ON \(SMS, TOTP\)/);
    assert.match(pushed.stderr, /ℹ trigger PreSignUp: runs cognate\/backend\/function/);
    poolId = result.resources.secureapp.UserPoolId;

    const p = await pool();
    assert.equal(p?.MfaConfiguration, 'ON');
    assert.equal(p?.SmsAuthenticationMessage, 'Your code: {####}');
    assert.deepEqual(p?.DeviceConfiguration, {
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    });
    assert.deepEqual(p?.LambdaConfig, {
      PreSignUp: 'arn:aws:lambda:us-east-1:000000000000:function:secureappPreSignUp',
    });
    const m = await mfa();
    assert.equal(m.MfaConfiguration, 'ON');
    assert.equal(m.SmsMfaConfiguration?.SmsAuthenticationMessage, 'Your code: {####}');
    assert.equal(
      m.SmsMfaConfiguration?.SmsConfiguration?.SnsCallerArn,
      'arn:aws:iam::000000000000:role/secureapp_sns-role',
    );
    assert.equal(m.SoftwareTokenMfaConfiguration?.Enabled, true);
    assert.equal(m.EmailMfaConfiguration, undefined);

    const config = await loadAwsExports(dir);
    assert.equal(config.aws_cognito_mfa_configuration, 'ON');
    assert.deepEqual(config.aws_cognito_mfa_types, ['SMS', 'TOTP']);
  });

  test('status and a second push show no changes', async () => {
    await noChanges();
    const again = await cli(dir, ['push']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /= MFA us-east-1_\w+: no change/);
    assert.match(again.stdout, /No changes: the server already matches cognate\/backend/);
  });

  test('the scaffolded PreSignUp runs on sign-up once edited to confirm users', async () => {
    const starter = readFileSync(functionFile, 'utf8');
    assert.match(starter, /\/\/ event\.response\.autoConfirmUser = true;/);
    writeFileSync(
      functionFile,
      starter.replace(
        '// event.response.autoConfirmUser = true;',
        'event.response.autoConfirmUser = true;',
      ),
    );
    const { aws_user_pools_web_client_id: clientId } = await loadAwsExports(dir);
    const signedUp = await t.anon.send(
      new SignUpCommand({
        ClientId: clientId as string,
        Username: 'ada@example.com',
        Password: 'longenough',
        UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }],
      }),
    );
    assert.equal(signedUp.UserConfirmed, true);
    // The pool requires MFA and the user has no factor yet: the sign-in asks to set one up.
    const signIn = await t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId as string,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ada@example.com', PASSWORD: 'longenough' },
      }),
    );
    assert.equal(signIn.ChallengeName, 'MFA_SETUP');
    assert.equal(signIn.AuthenticationResult, undefined);
  });

  test('update auth to OPTIONAL with TOTP and email → push → applied, then no changes', async () => {
    const update = { mfa: { mode: 'OPTIONAL', types: ['TOTP', 'EMAIL'] } };
    const updated = await cli(dir, ['update', 'auth', '--headless', JSON.stringify(update)]);
    assert.equal(updated.code, 0, updated.stderr);
    const status = await cli(dir, ['status']);
    assert.match(status.stdout, /Update/);
    assert.match(status.stdout, /~ MFA us-east-1_\w+: update/);
    assert.match(status.stdout, /MfaConfiguration: "ON" → "OPTIONAL"/);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /✔ set MFA of auth\/secureapp: OPTIONAL/);

    const m = await mfa();
    assert.equal(m.MfaConfiguration, 'OPTIONAL');
    assert.equal(m.SmsMfaConfiguration, undefined);
    assert.equal(m.SoftwareTokenMfaConfiguration?.Enabled, true);
    assert.deepEqual(m.EmailMfaConfiguration, {
      Subject: 'Your authentication code',
      Message: 'Your authentication code is {####}',
    });
    assert.equal((await pool())?.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual((await loadAwsExports(dir)).aws_cognito_mfa_types, ['TOTP', 'EMAIL']);
    await noChanges();
  });

  test('pull takes the server state back into the same files', async () => {
    const before = readFileSync(
      path.join(dir, 'cognate', 'backend', 'auth', 'secureapp', 'mfa-config.json'),
      'utf8',
    );
    const pulled = await cli(dir, ['pull']);
    assert.equal(pulled.code, 0, pulled.stderr);
    const after = readFileSync(
      path.join(dir, 'cognate', 'backend', 'auth', 'secureapp', 'mfa-config.json'),
      'utf8',
    );
    assert.equal(after, before);
    const answers = readJson(dir, 'backend', 'auth', 'secureapp', 'cli-inputs.json');
    assert.deepEqual(answers.mfa.types, ['TOTP', 'EMAIL']);
    assert.deepEqual(answers.triggers, { PreSignUp: 'secureappPreSignUp' });
    await noChanges();
  });

  test('a webhook trigger: pushed as its URL, POSTed the event, signed', async () => {
    const hook = await startHook();
    try {
      const update = { triggers: { PreSignUp: hook.url } };
      const updated = await cli(dir, ['update', 'auth', '--headless', JSON.stringify(update)]);
      assert.equal(updated.code, 0, updated.stderr);
      const pushed = await cli(dir, ['push', '--yes']);
      assert.equal(pushed.code, 0, pushed.stderr);
      assert.match(
        pushed.stdout,
        new RegExp(`trigger PreSignUp: the server POSTs its event to ${hook.url}`),
      );
      assert.equal((await pool())?.LambdaConfig?.PreSignUp, hook.url);
      await noChanges();
      const { aws_user_pools_web_client_id: clientId } = await loadAwsExports(dir);
      const signedUp = await t.anon.send(
        new SignUpCommand({
          ClientId: clientId as string,
          Username: 'grace@example.com',
          Password: 'longenough',
          UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }],
        }),
      );
      assert.equal(signedUp.UserConfirmed, true);
      assert.equal(hook.received.length, 1);
      const [{ body, signature }] = hook.received;
      assert.equal(JSON.parse(body).triggerSource, 'PreSignUp_SignUp');
      const stamp = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature ?? '');
      assert.ok(stamp, signature);
      const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${stamp[1]}.${body}`).digest('hex');
      assert.equal(stamp[2], mac);
    } finally {
      await hook.close();
    }
  });

  test('MFA, devices and the trigger turned off → push → gone from the pool; the file stays', async () => {
    const off = { mfa: { mode: 'OFF' }, devices: null, triggers: { PreSignUp: null } };
    const updated = await cli(dir, ['update', 'auth', '--headless', JSON.stringify(off)]);
    assert.equal(updated.code, 0, updated.stderr);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /DeviceConfiguration: \{.*\} → \(none\)/);
    assert.match(pushed.stdout, /LambdaConfig\.PreSignUp: ".*" → \(none\)/);
    const p = await pool();
    assert.equal(p?.MfaConfiguration, 'OFF');
    assert.equal(p?.DeviceConfiguration, undefined);
    assert.deepEqual(p?.LambdaConfig ?? {}, {});
    assert.equal((await mfa()).MfaConfiguration, 'OFF');
    assert.ok(existsSync(functionFile), 'the function file is the user’s code and is kept');
    await noChanges();
  });
});
