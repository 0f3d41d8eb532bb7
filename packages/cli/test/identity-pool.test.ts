// Identity pools: add auth with an identity pool → push creates it (named <name>__<env>, the web
// client as its provider) and its two roles on the server → aws-exports.js names it and guests
// get credentials → update and pull → import auth with it in another project → remove auth +
// push deletes the pool and the roles.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, loadAwsExports, startServer } from './helpers.ts';

const readJson = (dir: string, ...parts: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...parts), 'utf8'));

describe('identity pools: add auth → push → aws-exports → import → remove', () => {
  let t: TestServer & { credentials: string };
  let identity: CognitoIdentityClient;
  let iam: IAMClient;
  let dir: string;
  let ids: Record<string, string>;

  before(async () => {
    t = await startServer();
    const settings = {
      region: 'us-east-1',
      endpoint: t.url,
      credentials: {
        accessKeyId: t.server.accessKey.accessKeyId,
        secretAccessKey: t.server.accessKey.secret,
      },
    };
    identity = new CognitoIdentityClient(settings);
    iam = new IAMClient(settings);
    dir = appDir();
    await initProject(dir, t);
  });
  after(() => {
    identity?.destroy();
    iam?.destroy();
    t?.close();
  });

  const roleExists = async (name: string) =>
    iam.send(new GetRoleCommand({ RoleName: name })).then(
      () => true,
      (err: Error) => {
        assert.equal(err.name, 'NoSuchEntityException');
        return false;
      },
    );

  test('push creates the identity pool and its roles; aws-exports.js names it', async () => {
    const answers = {
      resourceName: 'idauth',
      identityPool: {
        name: 'idauth_identitypool',
        allowUnauthenticated: true,
        loginProviders: { 'accounts.google.com': 'google-web-client' },
      },
    };
    const add = await cli(dir, ['add', 'auth', '--headless', JSON.stringify(answers)]);
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(readJson(dir, 'backend', 'auth', 'idauth', 'identity-pool.json'), {
      IdentityPoolName: 'idauth_identitypool',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        {
          ProviderName: 'cognito-idp.<Region>.amazonaws.com/<UserPoolId>',
          ClientId: '<UserPoolClientId>',
          ServerSideTokenCheck: false,
        },
      ],
      SupportedLoginProviders: { 'accounts.google.com': 'google-web-client' },
    });
    const pushed = await cli(dir, ['--json', 'push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    const result = JSON.parse(pushed.stdout);
    // user pool, app client, identity pool, two roles, the roles' attachment.
    assert.equal(result.changes, 6);
    assert.match(
      pushed.stderr,
      /\+ identity pool: create\n\s+IdentityPoolName: idauth_identitypool__dev/,
    );
    assert.match(pushed.stderr, /\+ auth role amplify-[a-z0-9]+-dev-[0-9a-f]{5}-authRole: create/);
    assert.match(pushed.stderr, /✔ created identity pool of auth\/idauth: us-east-1:/);
    assert.match(pushed.stderr, /✔ set identity pool roles of auth\/idauth/);
    ids = result.resources.idauth;
    assert.match(ids.IdentityPoolId, /^us-east-1:[0-9a-f-]{36}$/);
    assert.match(ids.AuthRoleArn, /^arn:aws:iam::\d+:role\/amplify-.*-authRole$/);

    const pool = await identity.send(
      new DescribeIdentityPoolCommand({ IdentityPoolId: ids.IdentityPoolId }),
    );
    assert.equal(pool.IdentityPoolName, 'idauth_identitypool__dev');
    assert.equal(pool.AllowUnauthenticatedIdentities, true);
    assert.deepEqual(pool.CognitoIdentityProviders, [
      {
        ProviderName: `cognito-idp.us-east-1.amazonaws.com/${ids.UserPoolId}`,
        ClientId: ids.UserPoolClientId,
        ServerSideTokenCheck: false,
      },
    ]);
    assert.deepEqual(pool.SupportedLoginProviders, {
      'accounts.google.com': 'google-web-client',
    });
    const roles = await identity.send(
      new GetIdentityPoolRolesCommand({ IdentityPoolId: ids.IdentityPoolId }),
    );
    assert.deepEqual(roles.Roles, {
      authenticated: ids.AuthRoleArn,
      unauthenticated: ids.UnauthRoleArn,
    });
    const role = await iam.send(new GetRoleCommand({ RoleName: ids.UnauthRoleName }));
    const trust = JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? ''));
    assert.deepEqual(trust.Statement[0].Condition, {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': ids.IdentityPoolId },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
    });

    const config = await loadAwsExports(dir);
    assert.equal(config.aws_cognito_identity_pool_id, ids.IdentityPoolId);
    assert.equal(config.aws_cognito_region, 'us-east-1');
    assert.deepEqual(Object.keys(config).slice(0, 3), [
      'aws_project_region',
      'aws_cognito_identity_pool_id',
      'aws_cognito_region',
    ]);
    assert.deepEqual(config.Auth, { endpoint: t.url, identityPoolEndpoint: t.url });

    // A guest of the pushed pool gets credentials for the unauthenticated role.
    const guest = await identity.send(new GetIdCommand({ IdentityPoolId: ids.IdentityPoolId }));
    const creds = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId }),
    );
    assert.match(creds.Credentials?.AccessKeyId ?? '', /^ASIA/);

    const again = await cli(dir, ['push']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /= identity pool us-east-1:[0-9a-f-]+: no change/);
    assert.match(again.stdout, /No changes/);
  });

  test('update auth (no guests) → push updates the pool; pull reads it back', async () => {
    const updated = await cli(dir, [
      'update',
      'auth',
      '--headless',
      '{"identityPool":{"allowUnauthenticated":false,"loginProviders":{"accounts.google.com":null}}}',
    ]);
    assert.equal(updated.code, 0, updated.stderr);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /~ identity pool us-east-1:\S+: update/);
    assert.match(pushed.stdout, /AllowUnauthenticatedIdentities: true → false/);
    assert.match(pushed.stdout, /✔ updated identity pool of auth\/idauth/);
    const pool = await identity.send(
      new DescribeIdentityPoolCommand({ IdentityPoolId: ids.IdentityPoolId }),
    );
    assert.equal(pool.AllowUnauthenticatedIdentities, false);
    assert.deepEqual(pool.SupportedLoginProviders ?? {}, {});
    // Changed on the server: pull brings the answers in line.
    await identity.send(
      new (await import('@aws-sdk/client-cognito-identity')).UpdateIdentityPoolCommand({
        ...pool,
        AllowUnauthenticatedIdentities: true,
      }),
    );
    const pulled = await cli(dir, ['pull']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.deepEqual(readJson(dir, 'backend', 'auth', 'idauth', 'cli-inputs.json').identityPool, {
      name: 'idauth_identitypool',
      allowUnauthenticated: true,
    });
    assert.equal(
      readJson(dir, 'backend', 'auth', 'idauth', 'identity-pool.json')
        .AllowUnauthenticatedIdentities,
      true,
    );
  });

  test('import auth with the identity pool, checking that it lists the web client', async () => {
    const other = appDir();
    await initProject(other, t);
    // An identity pool that names the user pool with another client is refused, with the fix.
    const foreign = await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'foreign',
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [
          {
            ProviderName: `cognito-idp.us-east-1.amazonaws.com/${ids.UserPoolId}`,
            ClientId: 'someotherclient',
          },
        ],
      }),
    );
    const refused = await cli(other, [
      'import',
      'auth',
      '--user-pool-id',
      ids.UserPoolId,
      '--identity-pool-id',
      foreign.IdentityPoolId as string,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not the web client/);
    assert.match(
      refused.stderr,
      new RegExp(
        `ProviderName=cognito-idp.us-east-1.amazonaws.com/${ids.UserPoolId},ClientId=${ids.UserPoolClientId}`,
      ),
    );
    // Headless, with the identity pool's id as Amplify's headless import takes it.
    const imported = await cli(other, [
      '--json',
      'import',
      'auth',
      '--headless',
      JSON.stringify({ userPoolId: ids.UserPoolId, identityPoolId: ids.IdentityPoolId }),
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /and Identity Pool 'idauth_identitypool__dev'/);
    const team = readJson(other, 'team-provider-info.json');
    const importedIds = Object.values(team.dev.resources.auth)[0] as Record<string, string>;
    assert.equal(importedIds.IdentityPoolId, ids.IdentityPoolId);
    assert.equal(importedIds.AuthRoleArn, ids.AuthRoleArn);
    assert.equal(importedIds.AuthRoleName, undefined, 'the roles are not the project’s');
    const pushed = await cli(other, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal((await loadAwsExports(other)).aws_cognito_identity_pool_id, ids.IdentityPoolId);
  });

  test('remove auth + push deletes the identity pool and its roles', async () => {
    assert.equal((await cli(dir, ['remove', 'auth', '--yes'])).code, 0);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /- identity pool us-east-1:\S+: delete/);
    assert.match(pushed.stdout, /✔ deleted identity pool of auth\/idauth/);
    assert.match(pushed.stdout, /✔ deleted auth role of auth\/idauth/);
    await assert.rejects(
      identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: ids.IdentityPoolId })),
      { name: 'ResourceNotFoundException' },
    );
    assert.equal(await roleExists(ids.AuthRoleName), false);
    assert.equal(await roleExists(ids.UnauthRoleName), false);
    assert.equal((await loadAwsExports(dir)).aws_cognito_identity_pool_id, undefined);
    assert.deepEqual(readJson(dir, 'team-provider-info.json').dev.resources.auth, {});
  });
});
