// The hosted UI and social providers (issue 14): the answers (headless here; the prompts in
// prompts.test.ts) → push creates the pool domain `<prefix>-<env>`, the Google and Facebook
// providers and the client's OAuth settings → aws-exports.js gets Amplify's oauth block; an
// update that drops a provider deletes it; the secrets stay out of the committed files and out of
// every output; pull and import read the server's hosted UI back.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolDomainCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, loadAwsExports, startServer } from './helpers.ts';

const readJson = (dir: string, ...file: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...file), 'utf8'));

const GOOGLE = { client_id: 'google-app.apps.example', client_secret: 'google-very-secret' };
const FACEBOOK = { client_id: '1234567890', client_secret: 'facebook-very-secret' };

describe('hosted UI and social providers: add → push → aws-exports → update → pull → import', () => {
  let t: TestServer & { credentials: string };
  let dir: string;
  const prefix = `shop${Date.now().toString(36)}`;
  const domain = `${prefix}-dev`;
  let poolId: string;
  let clientId: string;

  before(async () => {
    t = await startServer();
    dir = appDir();
    await initProject(dir, t);
  });
  after(() => t?.close());

  /** Every file the team commits under cognate/, as one text. */
  const committed = () =>
    ['backend/auth/shopauth/cli-inputs.json', 'backend/auth/shopauth/identity-providers.json']
      .map((f) => readFileSync(path.join(dir, 'cognate', f), 'utf8'))
      .join('\n');

  test('add auth keeps the app secrets in the local secrets file only', async () => {
    const answers = {
      resourceName: 'shopauth',
      oauth: {
        domainPrefix: prefix,
        redirectSignIn: ['http://localhost:3000/', 'https://shop.example.com/'],
        redirectSignOut: ['http://localhost:3000/'],
        providers: ['Google', 'Facebook'],
        credentials: { Google: GOOGLE, Facebook: FACEBOOK },
      },
    };
    const add = await cli(dir, ['add', 'auth', '--headless', JSON.stringify(answers)]);
    assert.equal(add.code, 0, add.stderr);
    const saved = readJson(dir, 'backend', 'auth', 'shopauth', 'cli-inputs.json');
    assert.deepEqual(saved.oauth.flows, ['code']);
    assert.equal(saved.oauth.scopes.length, 5);
    assert.equal(saved.oauth.credentials, undefined);
    assert.doesNotMatch(committed(), /very-secret/);
    // Amplify's provider defaults for an email pool: scopes and mapping from its table.
    assert.deepEqual(readJson(dir, 'backend', 'auth', 'shopauth', 'identity-providers.json'), [
      {
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { authorize_scopes: 'openid email profile' },
        AttributeMapping: { email: 'email', username: 'sub' },
      },
      {
        ProviderName: 'Facebook',
        ProviderType: 'Facebook',
        ProviderDetails: { authorize_scopes: 'email,public_profile' },
        AttributeMapping: { email: 'email', username: 'id' },
      },
    ]);
    const secrets = path.join(dir, 'cognate', '.config', 'local-secrets.json');
    assert.equal(statSync(secrets).mode & 0o777, 0o600);
    assert.deepEqual(readJson(dir, '.config', 'local-secrets.json').dev.auth.shopauth, {
      hostedUIProviderCreds: [
        { ProviderName: 'Google', ...GOOGLE },
        { ProviderName: 'Facebook', ...FACEBOOK },
      ],
    });
    // init's .gitignore line covers it.
    assert.match(
      readFileSync(path.join(dir, '.gitignore'), 'utf8'),
      /^cognate\/\.config\/local-\*$/m,
    );
  });

  test('push shows the domain and providers in the plan, then makes them on the server', async () => {
    const pushed = await cli(dir, ['--json', 'push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.doesNotMatch(pushed.stdout + pushed.stderr, /very-secret/);
    assert.match(pushed.stderr, new RegExp(`\\+ domain ${domain}: create`));
    assert.match(
      pushed.stderr,
      /\+ identity provider Google: create\n\s+ProviderType: Google\n\s+client_id: google-app/,
    );
    assert.match(pushed.stderr, /\+ identity provider Facebook: create/);
    assert.match(pushed.stderr, new RegExp(`✔ created domain ${domain}`));
    assert.match(pushed.stderr, /✔ created identity provider Google/);
    const ids = JSON.parse(pushed.stdout).resources.shopauth;
    poolId = ids.UserPoolId;
    clientId = ids.UserPoolClientId;

    const described = await t.admin.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    assert.equal(described.DomainDescription?.UserPoolId, poolId);
    const google = (
      await t.admin.send(
        new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' }),
      )
    ).IdentityProvider;
    assert.equal(google?.ProviderType, 'Google');
    assert.equal(google?.ProviderDetails?.client_id, GOOGLE.client_id);
    assert.equal(google?.ProviderDetails?.authorize_scopes, 'openid email profile');
    assert.deepEqual(google?.AttributeMapping, { email: 'email', username: 'sub' });
    const client = (
      await t.admin.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
      )
    ).UserPoolClient;
    assert.deepEqual(client?.SupportedIdentityProviders, ['Google', 'Facebook', 'COGNITO']);
    assert.deepEqual(client?.AllowedOAuthFlows, ['code']);
    assert.equal(client?.AllowedOAuthFlowsUserPoolClient, true);
    assert.deepEqual(client?.CallbackURLs, ['http://localhost:3000/', 'https://shop.example.com/']);
    assert.deepEqual(client?.LogoutURLs, ['http://localhost:3000/']);
    assert.deepEqual([...(client?.AllowedOAuthScopes ?? [])].sort(), [
      'aws.cognito.signin.user.admin',
      'email',
      'openid',
      'phone',
      'profile',
    ]);
  });

  test("aws-exports.js has Amplify's oauth block, its domain the one the discovery document names", async () => {
    const config = await loadAwsExports(dir);
    const discovery = (await (
      await fetch(`${t.url}/${poolId}/.well-known/openid-configuration`)
    ).json()) as { authorization_endpoint: string };
    const base = discovery.authorization_endpoint.replace(/\/oauth2\/authorize$/, '');
    assert.equal(base.replace(/^https?:\/\//, ''), `${new URL(t.url).host}/domains/${domain}`);
    const oauth = config.oauth as Record<string, unknown>;
    assert.deepEqual(Object.keys(oauth), [
      'domain',
      'scope',
      'redirectSignIn',
      'redirectSignOut',
      'responseType',
    ]);
    assert.equal(oauth.domain, `${new URL(t.url).host}/domains/${domain}`);
    assert.equal(oauth.redirectSignIn, 'http://localhost:3000/,https://shop.example.com/');
    assert.equal(oauth.redirectSignOut, 'http://localhost:3000/');
    assert.equal(oauth.responseType, 'code');
    assert.equal(config.federationTarget, 'COGNITO_USER_POOLS');
    assert.deepEqual(config.aws_cognito_social_providers, ['GOOGLE', 'FACEBOOK']);
    // The hosted UI answers where aws-amplify will send the browser.
    const page = await fetch(
      `${base}/oauth2/authorize?${new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: 'http://localhost:3000/',
        scope: 'openid',
      })}`,
      { redirect: 'manual' },
    );
    assert.ok(page.status < 500, `authorize answered ${page.status}`);
    assert.notEqual(page.status, 404);
  });

  test('a second push is a no-op', async () => {
    const again = await cli(dir, ['push']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`= domain ${domain}: no change`));
    assert.match(again.stdout, /= identity provider Google: no change/);
    assert.match(again.stdout, /No changes/);
  });

  test('update auth dropping Facebook (and to the implicit grant) deletes it on push', async () => {
    const update = { oauth: { providers: ['Google'], flows: ['implicit'] } };
    const updated = await cli(dir, ['update', 'auth', '--headless', JSON.stringify(update)]);
    assert.equal(updated.code, 0, updated.stderr);
    assert.deepEqual(
      readJson(dir, '.config', 'local-secrets.json').dev.auth.shopauth.hostedUIProviderCreds.map(
        (c: { ProviderName: string }) => c.ProviderName,
      ),
      ['Google'],
    );
    // A fresh clone has no secrets: a provider already on the server keeps its app id and secret.
    rmSync(path.join(dir, 'cognate', '.config', 'local-secrets.json'));
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /= identity provider Google: no change/);
    assert.match(pushed.stdout, /- identity provider Facebook: delete/);
    assert.match(pushed.stdout, /AllowedOAuthFlows: \["code"\] → \["implicit"\]/);
    // The client stops naming Facebook before Facebook is deleted.
    assert.ok(
      pushed.stdout.indexOf('✔ updated app client') <
        pushed.stdout.indexOf('✔ deleted identity provider Facebook'),
      pushed.stdout,
    );
    const providers = await t.admin.send(
      new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 60 }),
    );
    assert.deepEqual(
      providers.Providers?.map((p) => p.ProviderName),
      ['Google'],
    );
    const config = await loadAwsExports(dir);
    assert.equal((config.oauth as { responseType: string }).responseType, 'token');
    assert.deepEqual(config.aws_cognito_social_providers, ['GOOGLE']);
  });

  test('pull takes the server hosted UI (and the app secret) back into the files', async () => {
    await t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { RefreshToken: 'days' },
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
        SupportedIdentityProviders: ['Google', 'COGNITO'],
        CallbackURLs: ['http://localhost:3000/', 'https://shop.example.com/done/'],
        LogoutURLs: ['http://localhost:3000/'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    await t.admin.send(
      new UpdateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Google',
        ProviderDetails: {
          client_id: 'rotated.apps.example',
          client_secret: 'rotated-very-secret',
          authorize_scopes: 'openid email profile',
        },
        AttributeMapping: { email: 'email', username: 'sub' },
      }),
    );
    const pulled = await cli(dir, ['pull']);
    assert.equal(pulled.code, 0, pulled.stderr);
    const saved = readJson(dir, 'backend', 'auth', 'shopauth', 'cli-inputs.json');
    assert.equal(saved.oauth.domainPrefix, prefix);
    assert.deepEqual(saved.oauth.redirectSignIn, [
      'http://localhost:3000/',
      'https://shop.example.com/done/',
    ]);
    assert.deepEqual(saved.oauth.flows, ['code']);
    assert.deepEqual(saved.oauth.scopes, ['openid', 'email']);
    assert.deepEqual(saved.oauth.providers, ['Google']);
    assert.doesNotMatch(committed(), /very-secret/);
    assert.equal(
      readJson(dir, '.config', 'local-secrets.json').dev.auth.shopauth.hostedUIProviderCreds[0]
        .client_id,
      'rotated.apps.example',
    );
    const config = await loadAwsExports(dir);
    assert.deepEqual((config.oauth as { scope: string[] }).scope, ['openid', 'email']);
    const again = await cli(dir, ['push']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /No changes/);
  });

  test('import auth reads the hosted UI of an existing pool; aws-exports.js carries it', async () => {
    const other = appDir();
    await initProject(other, t);
    const imported = await cli(other, [
      '--json',
      'import',
      'auth',
      '--user-pool-id',
      poolId,
      '--web-client-id',
      clientId,
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, new RegExp(`Hosted UI domain: ${domain}`));
    assert.match(imported.stderr, /Social providers: Google/);
    assert.deepEqual(JSON.parse(imported.stdout).hostedUi.providers, ['Google']);
    assert.equal((await cli(other, ['push', '--yes'])).code, 0);
    assert.deepEqual((await loadAwsExports(other)).oauth, (await loadAwsExports(dir)).oauth);
  });

  test('a new provider without local credentials stops the push, with nothing changed', async () => {
    const update = { oauth: { providers: ['Google', 'LoginWithAmazon'] } };
    assert.equal(
      (await cli(dir, ['update', 'auth', '--headless', JSON.stringify(update)])).code,
      0,
    );
    rmSync(path.join(dir, 'cognate', '.config', 'local-secrets.json'));
    const blocked = await cli(dir, ['push', '--yes']);
    assert.equal(blocked.code, 1);
    assert.match(
      blocked.stdout + blocked.stderr,
      /identity provider LoginWithAmazon: no app id and secret for environment dev/,
    );
    const providers = await t.admin.send(
      new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 60 }),
    );
    assert.deepEqual(
      providers.Providers?.map((p) => p.ProviderName),
      ['Google'],
    );
  });

  test('turning the hosted UI off deletes the domain and providers and clears the client', async () => {
    const off = await cli(dir, ['update', 'auth', '--headless', '{"oauth":null}']);
    assert.equal(off.code, 0, off.stderr);
    assert.equal(
      existsSync(
        path.join(dir, 'cognate', 'backend', 'auth', 'shopauth', 'identity-providers.json'),
      ),
      true,
    );
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, new RegExp(`- domain ${domain}: delete`));
    assert.match(pushed.stdout, /- identity provider Google: delete/);
    assert.match(pushed.stdout, /AllowedOAuthFlowsUserPoolClient: true → \(none\)/);
    const client = (
      await t.admin.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
      )
    ).UserPoolClient;
    assert.equal(client?.AllowedOAuthFlowsUserPoolClient, false);
    assert.deepEqual((await loadAwsExports(dir)).oauth, {});
    assert.match((await cli(dir, ['push'])).stdout, /No changes/);
  });
});
