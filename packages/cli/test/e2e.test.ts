// init → add auth → push against a real server → the generated aws-exports.js in aws-amplify v5
// → sign-up and sign-in; a second push is a no-op; update auth's password policy is enforced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { Amplify, Auth } from 'aws-amplify-v5';
import * as cognateAuth from '../../auth/src/index.ts';
import { appDir, cli, initProject, loadAwsExports, startServer } from './helpers.ts';

describe('init → add auth → push → aws-amplify v5', () => {
  let t: TestServer & { credentials: string };
  let dir: string;

  before(async () => {
    t = await startServer();
    dir = appDir();
    await initProject(dir, t);
  });
  after(() => t?.close());

  test('push creates the pool and client and writes Amplify config files', async () => {
    const add = await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"appauth"}']);
    assert.equal(add.code, 0, add.stderr);
    const pushed = await cli(dir, ['--json', 'push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    const result = JSON.parse(pushed.stdout);
    assert.equal(result.changes, 2);
    assert.match(pushed.stderr, /\+ user pool: create/);
    assert.match(pushed.stderr, /✔ created app client of auth\/appauth/);
    const ids = result.resources.appauth;
    assert.match(ids.UserPoolId, /^us-east-1_/);

    const config = await loadAwsExports(dir);
    assert.deepEqual(config, {
      aws_project_region: 'us-east-1',
      aws_cognito_region: 'us-east-1',
      aws_user_pools_id: ids.UserPoolId,
      aws_user_pools_web_client_id: ids.UserPoolClientId,
      oauth: {},
      aws_cognito_username_attributes: ['EMAIL'],
      aws_cognito_social_providers: [],
      aws_cognito_signup_attributes: ['EMAIL'],
      aws_cognito_mfa_configuration: 'OFF',
      aws_cognito_mfa_types: ['SMS'],
      aws_cognito_password_protection_settings: {
        passwordPolicyMinLength: 8,
        passwordPolicyCharacters: [],
      },
      aws_cognito_verification_mechanisms: ['EMAIL'],
      Auth: { endpoint: t.url },
    });
    const json = JSON.parse(
      readFileSync(path.join(dir, 'src', 'amplifyconfiguration.json'), 'utf8'),
    );
    assert.deepEqual(json, config);
    const team = JSON.parse(
      readFileSync(path.join(dir, 'cognate', 'team-provider-info.json'), 'utf8'),
    );
    assert.deepEqual(team.dev.resources.auth.appauth, ids);
  });

  test('the generated aws-exports.js signs a user up and in with aws-amplify v5', async () => {
    Amplify.configure(await loadAwsExports(dir));
    const email = `ada${Date.now()}@example.com`;
    const signedUp = await Auth.signUp({
      username: email,
      password: 'longenough',
      attributes: { email },
    });
    assert.equal(signedUp.userConfirmed, false);
    const outbox = await t.outbox(email);
    assert.ok(outbox?.code, 'the server put the code in its dev outbox');
    assert.equal(await Auth.confirmSignUp(email, outbox.code), 'SUCCESS');
    const user = await Auth.signIn(email, 'longenough');
    assert.ok(user.getSignInUserSession()?.getAccessToken().getJwtToken());
    await Auth.signOut();
  });

  test('the generated config signs a user up and in with @cognate/auth', async () => {
    cognateAuth.Amplify.configure(await loadAwsExports(dir));
    const auth = cognateAuth.Auth;
    const email = `grace${Date.now()}@example.com`;
    const signedUp = await auth.signUp({
      username: email,
      password: 'longenough',
      attributes: { email },
    });
    assert.equal(signedUp.userConfirmed, false);
    const outbox = await t.outbox(email);
    assert.ok(outbox?.code);
    await auth.confirmSignUp(email, outbox.code);
    await auth.signIn(email, 'longenough');
    const session = await auth.currentSession();
    assert.ok(session.getAccessToken().getJwtToken());
    await auth.signOut();
  });

  test('a second push changes nothing and says so', async () => {
    const again = await cli(dir, ['push']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /= user pool us-east-1_\w+: no change/);
    assert.match(again.stdout, /No changes: the server already matches cognate\/backend/);
    const status = await cli(dir, ['--json', 'status']);
    assert.equal(JSON.parse(status.stdout).changes, 0);
  });

  test('update auth (password policy) → push → the server enforces it', async () => {
    const policy = '{"passwordPolicy":{"minLength":12,"requireNumbers":true}}';
    const updated = await cli(dir, ['update', 'auth', '--headless', policy]);
    assert.equal(updated.code, 0, updated.stderr);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /Policies\.PasswordPolicy\.MinimumLength: 8 → 12/);
    assert.match(pushed.stdout, /✔ updated user pool/);
    const config = await loadAwsExports(dir);
    assert.deepEqual(config.aws_cognito_password_protection_settings, {
      passwordPolicyMinLength: 12,
      passwordPolicyCharacters: ['REQUIRES_NUMBERS'],
    });
    const pool = await t.admin.send(
      new DescribeUserPoolCommand({ UserPoolId: config.aws_user_pools_id as string }),
    );
    assert.equal(pool.UserPool?.Policies?.PasswordPolicy?.MinimumLength, 12);
    Amplify.configure(config);
    const email = `short${Date.now()}@example.com`;
    await assert.rejects(
      Auth.signUp({ username: email, password: 'short1', attributes: { email } }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'InvalidPasswordException');
        return true;
      },
    );
    const ok = await Auth.signUp({
      username: email,
      password: 'longer1password',
      attributes: { email },
    });
    assert.equal(ok.userConfirmed, false);
    assert.match((await cli(dir, ['push'])).stdout, /No changes/);
  });
});
