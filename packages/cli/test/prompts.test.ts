// The prompt flows in a real pseudo-terminal (tmux), answered key by key as a person would:
// add auth (with triggers; manual with the hosted UI and an identity pool), update auth (password
// policy; MFA and devices), import auth (with an identity pool too) and env add.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, loadAwsExports, startServer, Terminal } from './helpers.ts';

const readJson = (dir: string, ...file: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...file), 'utf8'));

/** The down-arrow presses that reach `poolId` in the server's pool list (its order). */
async function downsTo(t: TestServer, poolId: string): Promise<string[]> {
  const pools = (await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
  const index = pools.findIndex((p) => p.Id === poolId);
  assert.ok(index >= 0);
  return Array(index).fill('Down');
}

/** A pool with a web client (no secret), made with the AWS SDK as another team would. */
async function makePool(t: TestServer, name: string) {
  const pool = await t.admin.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  const id = pool.UserPool?.Id as string;
  const client = await t.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: id,
      ClientName: `${name}-web`,
      GenerateSecret: false,
    }),
  );
  return { id, clientId: client.UserPoolClient?.ClientId as string };
}

describe('prompts in a terminal', () => {
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

  test('add auth: default configuration, email sign-in, advanced settings', async () => {
    const dir = appDir();
    await initProject(dir, t);
    term = new Terminal(dir, ['add', 'auth']);
    await term.answer(
      'Do you want to use the default authentication and security configuration?',
      'Enter',
    );
    // Email is the default answer, as in Amplify's "Default configuration".
    await term.answer('How do you want users to be able to sign in?', 'Enter');
    await term.answer('Do you want to configure advanced settings?', 'Down', 'Enter');
    // email is already checked; add "name" (the 9th standard attribute).
    await term.answer(
      'What attributes are required for signing up?',
      ...Array(8).fill('Down'),
      'Space',
      'Enter',
    );
    // Amplify's advanced settings end with the capabilities; none chosen.
    await term.answer('Do you want to enable any of the following capabilities?', 'Enter');
    const { code, screen } = await term.exit();
    assert.equal(code, 0, screen);
    assert.match(screen, /✔ Successfully added auth resource \w+ locally/);
    // Attributes are named as Amplify names them.
    assert.match(screen, /What attributes are required for signing up\? Email, Name/);
    const [name] = Object.keys(readJson(dir, 'backend', 'backend-config.json').auth);
    const answers = readJson(dir, 'backend', 'auth', name, 'cli-inputs.json');
    assert.equal(answers.signIn, 'email');
    assert.deepEqual(answers.requiredAttributes.sort(), ['email', 'name']);
    const pool = readJson(dir, 'backend', 'auth', name, 'user-pool.json');
    assert.deepEqual(pool.UsernameAttributes, ['email']);
    assert.deepEqual(pool.Schema.map((a: { Name: string }) => a.Name).sort(), ['email', 'name']);
  });

  test('add auth: manual configuration with the hosted UI, Google and Facebook, an identity pool → push makes them; import auth with the identity pool', async () => {
    const dir = appDir();
    await initProject(dir, t);
    const prefix = `manual${Date.now().toString(36)}`;
    term = new Terminal(dir, ['add', 'auth']);
    await term.answer('Do you want to use the default authentication', 'Down', 'Down', 'Enter');
    await term.answer('Select the authentication/authorization services', 'Up', 'Enter');
    await term.answer('Provide a friendly name for your resource', 'C-u');
    term.type('manualauth');
    term.keys('Enter');
    await term.answer('Enter a name for your identity pool.', 'Enter');
    await term.answer('Allow unauthenticated logins?', 'y', 'Enter');
    await term.answer(
      'Do you want to enable 3rd party authentication providers in your identity pool?',
      'y',
      'Enter',
    );
    // Facebook, Google, Amazon, Apple: pick Google.
    await term.answer(
      'Select the third party identity providers you want to configure for your identity pool:',
      'Down',
      'Space',
      'Enter',
    );
    await term.waitFor('Enter your Google Web Client ID for your identity pool:');
    term.type('g-ip-client');
    term.keys('Enter');
    await term.answer('Provide a name for your user pool: (manualauth_userpool)', 'Enter');
    await term.answer('How do you want users to be able to sign in?', 'Enter');
    await term.answer('Do you want to add User Pool Groups?', 'Enter');
    await term.answer('Do you want to add an admin queries API?', 'Enter');
    await term.answer('Multifactor authentication (MFA) user login options:', 'Enter');
    await term.answer("Do you want to remember your user's devices?", 'Enter');
    await term.answer('Email based user registration/forgot password:', 'Enter');
    await term.answer('How do users confirm their email address?', 'Enter');
    await term.answer('Specify an email verification subject:', 'Enter');
    await term.answer('Specify an email verification message:', 'Enter');
    await term.answer('Do you want to override the default password policy', 'y', 'Enter');
    await term.answer('Enter the minimum password length for this User Pool:', 'BSpace');
    term.type('10');
    term.keys('Enter');
    await term.answer('Select the password character requirements', 'Space', 'Enter');
    await term.answer('What attributes are required for signing up?', 'Enter');
    await term.answer('Do you want to add custom attributes?', 'Enter');
    await term.answer("Specify the app's refresh token expiration period", 'Enter');
    await term.answer(
      'Do you want to specify the user attributes this app can read and write?',
      'Enter',
    );
    await term.answer('Do you want to enable any of the following capabilities?', 'Enter');
    await term.answer('Do you want to use an OAuth flow?', 'Up', 'Enter');
    await term.answer('What domain name prefix do you want to use?', 'C-u');
    term.type('Not-Valid-');
    term.keys('Enter');
    await term.waitFor("The domain cannot use the reserved words 'aws', 'amazon', or 'cognito'.");
    term.keys('C-u');
    term.type(prefix);
    term.keys('Enter');
    await term.answer('Enter your redirect signin URI:', 'Enter');
    await term.answer('Do you want to add another redirect signin URI', 'y', 'Enter');
    await term.answer('Enter your redirect signin URI:', 'C-u');
    term.type('http://shop.example.com/');
    term.keys('Enter');
    await term.waitFor('HTTPS must be used instead of HTTP unless you are using localhost.');
    term.keys('C-u');
    term.type('https://shop.example.com/');
    term.keys('Enter');
    await term.answer('Do you want to add another redirect signin URI', 'Enter');
    await term.answer('Enter your redirect signout URI:', 'Enter');
    await term.answer('Do you want to add another redirect signout URI', 'Enter');
    await term.answer('Select the OAuth flows enabled for this project.', 'Enter');
    // Every scope is checked; leave out phone (the first).
    await term.answer('Select the OAuth scopes enabled for this project.', 'Space', 'Enter');
    await term.answer('Select the social providers', 'Space', 'Down', 'Space', 'Enter');
    await term.answer('Enter your Facebook App ID for your OAuth flow:', '1', '2', '3', 'Enter');
    await term.waitFor('Enter your Facebook App Secret for your OAuth flow:');
    term.type('fb-very-secret');
    term.keys('Enter');
    await term.waitFor('Enter your Google Web Client ID for your OAuth flow:');
    term.type('g.apps.example');
    term.keys('Enter');
    await term.waitFor('Enter your Google Web Client Secret for your OAuth flow:');
    term.type('g-very-secret');
    term.keys('Enter');
    await term.answer('Do you want to configure Lambda Triggers for Cognito?', 'n', 'Enter');
    const { code, screen } = await term.exit();
    assert.equal(code, 0, screen);
    assert.doesNotMatch(screen, /very-secret/, 'secrets are masked');
    assert.match(
      screen,
      /allow users to authenticate via Google\. {2}If you haven't already, you'll need to go to https:\/\/developers\.google\.com\/identity/,
    );
    assert.doesNotMatch(screen, /not supported by this server/);
    const answers = readJson(dir, 'backend', 'auth', 'manualauth', 'cli-inputs.json');
    assert.equal(answers.passwordPolicy.minLength, 10);
    assert.equal(answers.passwordPolicy.requireLowercase, true);
    assert.deepEqual(answers.oauth, {
      domainPrefix: prefix,
      redirectSignIn: ['http://localhost:3000/', 'https://shop.example.com/'],
      redirectSignOut: ['http://localhost:3000/'],
      flows: ['code'],
      scopes: ['email', 'openid', 'profile', 'aws.cognito.signin.user.admin'],
      providers: ['Facebook', 'Google'],
    });
    assert.deepEqual(
      readJson(dir, '.config', 'local-secrets.json').dev.auth.manualauth.hostedUIProviderCreds,
      [
        { ProviderName: 'Facebook', client_id: '123', client_secret: 'fb-very-secret' },
        { ProviderName: 'Google', client_id: 'g.apps.example', client_secret: 'g-very-secret' },
      ],
    );
    assert.deepEqual(answers.identityPool, {
      name: 'manualauth_identitypool',
      allowUnauthenticated: true,
      loginProviders: { 'accounts.google.com': 'g-ip-client' },
    });
    assert.equal(
      readJson(dir, 'backend', 'auth', 'manualauth', 'identity-pool.json').IdentityPoolName,
      'manualauth_identitypool',
    );
    // The push creates the domain, both providers and the identity pool with its roles.
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /✔ created identity pool of auth\/manualauth: us-east-1:/);
    assert.match(pushed.stdout, /✔ set identity pool roles of auth\/manualauth/);
    assert.match(pushed.stdout, new RegExp(`✔ created domain ${prefix}-dev`));
    assert.match(pushed.stdout, /✔ created identity provider Facebook/);
    assert.match(pushed.stdout, /✔ created identity provider Google/);
    const config = await loadAwsExports(dir);
    const identityPoolId = readJson(dir, 'team-provider-info.json').dev.resources.auth.manualauth
      .IdentityPoolId;
    assert.match(identityPoolId, /^us-east-1:/);
    assert.equal(config.aws_cognito_identity_pool_id, identityPoolId);
    assert.deepEqual(config.oauth, {
      domain: `${new URL(t.url).host}/domains/${prefix}-dev`,
      scope: ['email', 'openid', 'profile', 'aws.cognito.signin.user.admin'],
      redirectSignIn: 'http://localhost:3000/,https://shop.example.com/',
      redirectSignOut: 'http://localhost:3000/',
      responseType: 'code',
    });
    assert.deepEqual(config.aws_cognito_social_providers, ['FACEBOOK', 'GOOGLE']);

    // Another app imports that user pool with its identity pool: the first answer.
    const other = appDir();
    await initProject(other, t);
    term.close();
    term = new Terminal(other, ['import', 'auth']);
    await term.answer('What type of auth resource do you want to import?', 'Enter');
    await term.answer(
      'Select the User Pool you want to import:',
      ...(await downsTo(t, config.aws_user_pools_id as string)),
      'Enter',
    );
    const imported = await term.exit();
    assert.equal(imported.code, 0, imported.screen);
    assert.match(
      imported.screen,
      /Only one Identity Pool resource found: 'manualauth_identitypool__dev' \(us-east-1:[0-9a-f-]+\) was automatically selected/,
    );
    assert.match(imported.screen, /and Identity Pool 'manualauth_identitypool__dev'/);
    const importedIds = Object.values(
      readJson(other, 'team-provider-info.json').dev.resources.auth,
    )[0] as Record<string, string>;
    assert.equal(importedIds.IdentityPoolId, identityPoolId);
  });

  test('update auth: Update OAuth social providers adds Facebook and keeps the Google secret', async () => {
    const dir = appDir();
    await initProject(dir, t);
    const answers = {
      resourceName: 'social',
      oauth: {
        domainPrefix: `social${Date.now().toString(36)}`,
        providers: ['Google'],
        credentials: { Google: { client_id: 'g.apps.example', client_secret: 'g-secret' } },
      },
    };
    await cli(dir, ['add', 'auth', '--headless', JSON.stringify(answers)]);
    term = new Terminal(dir, ['update', 'auth']);
    await term.answer('What do you want to do?', ...Array(6).fill('Down'), 'Enter');
    // Facebook is first; Google is checked already.
    await term.answer('Select the identity providers you want to configure', 'Space', 'Enter');
    await term.answer('Enter your Facebook App ID for your OAuth flow:', '9', 'Enter');
    await term.waitFor('Enter your Facebook App Secret for your OAuth flow:');
    term.type('fb-secret');
    term.keys('Enter');
    await term.answer(
      'Enter your Google Web Client ID for your OAuth flow:  (g.apps.example)',
      'Enter',
    );
    await term.answer('(leave empty to keep the current one)', 'Enter');
    const done = await term.exit();
    assert.equal(done.code, 0, done.screen);
    assert.deepEqual(
      readJson(dir, 'backend', 'auth', 'social', 'cli-inputs.json').oauth.providers,
      ['Facebook', 'Google'],
    );
    assert.deepEqual(
      readJson(dir, '.config', 'local-secrets.json').dev.auth.social.hostedUIProviderCreds,
      [
        { ProviderName: 'Facebook', client_id: '9', client_secret: 'fb-secret' },
        { ProviderName: 'Google', client_id: 'g.apps.example', client_secret: 'g-secret' },
      ],
    );
  });

  test('update auth: the password policy, starting from the current answers', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"upd"}']);
    term = new Terminal(dir, ['update', 'auth']);
    await term.answer('What do you want to do?', 'Down', 'Enter');
    const screen = await term.waitFor('Enter the minimum password length for this User Pool:');
    assert.match(screen, /\(8\)/, 'the current length is the default');
    term.keys('BSpace');
    term.type('14');
    term.keys('Enter');
    await term.answer(
      'Select the password character requirements',
      'Down',
      'Down',
      'Space',
      'Enter',
    );
    const done = await term.exit();
    assert.equal(done.code, 0, done.screen);
    const policy = readJson(dir, 'backend', 'auth', 'upd', 'user-pool.json').Policies
      .PasswordPolicy;
    assert.equal(policy.MinimumLength, 14);
    assert.equal(policy.RequireNumbers, true);
    assert.equal(policy.RequireLowercase, false);
  });

  test('update auth: Lambda triggers are chosen from templates and scaffolded as modules', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"trig"}']);
    term = new Terminal(dir, ['update', 'auth']);
    await term.answer('What do you want to do?', 'Down', 'Down', 'Down', 'Enter');
    await term.answer('Do you want to configure Lambda Triggers for Cognito?', 'y', 'Enter');
    // Pre Sign-up is the first trigger; Post Confirmation the third.
    await term.answer(
      'Which triggers do you want to enable for Cognito',
      'Space',
      'Down',
      'Down',
      'Space',
      'Enter',
    );
    // Pre Sign-up: allowlist, denylist, your own module: take the allowlist and your own.
    await term.answer(
      'What functionality do you want to use for Pre Sign-up',
      'Space',
      'Up',
      'Space',
      'Enter',
    );
    await term.answer('What functionality do you want to use for Post Confirmation', 'Enter');
    await term.waitFor('At least one choice must be selected');
    term.keys('Space', 'Enter');
    await term.answer('Enter a comma-delimited list of allowed email domains', 'C-u');
    term.type('example.com');
    term.keys('Enter');
    await term.answer('Enter the name of the group to which users will be added.', 'C-u');
    term.type('Members');
    term.keys('Enter');
    const { code, screen } = await term.exit();
    assert.equal(code, 0, screen);
    assert.match(
      screen,
      /wrote a starter PreSignUp function: cognate\/backend\/function\/trigPreSignUp\.mjs/,
    );
    const answers = readJson(dir, 'backend', 'auth', 'trig', 'cli-inputs.json');
    assert.deepEqual(answers.triggers, {
      PreSignUp: 'trigPreSignUp',
      PostConfirmation: 'trigPostConfirmation',
    });
    assert.deepEqual(answers.triggerModules, {
      PreSignUp: ['email-filter-allowlist', 'custom'],
      PostConfirmation: ['add-to-group'],
    });
    assert.deepEqual(answers.triggerSettings, {
      DOMAINALLOWLIST: 'example.com',
      GROUP: 'Members',
    });
    assert.deepEqual(readJson(dir, 'backend', 'auth', 'trig', 'user-pool.json').LambdaConfig, {
      PreSignUp: 'arn:aws:lambda:us-east-1:000000000000:function:trigPreSignUp',
      PostConfirmation: 'arn:aws:lambda:us-east-1:000000000000:function:trigPostConfirmation',
    });
    const functions = path.join(dir, 'cognate', 'backend', 'function');
    const index = readFileSync(path.join(functions, 'trigPreSignUp.mjs'), 'utf8');
    assert.match(index, /import \* as m0 from '\.\/trigPreSignUp\/email-filter-allowlist\.mjs'/);
    assert.match(index, /import \* as m1 from '\.\/trigPreSignUp\/custom\.mjs'/);
    const own = readFileSync(path.join(functions, 'trigPreSignUp', 'custom.mjs'), 'utf8');
    assert.match(own, /export const handler = async \(event\) => \{/);
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(functions, 'trigPreSignUp', 'settings.json'), 'utf8')),
      { DOMAINALLOWLIST: 'example.com' },
    );
  });

  test('update auth: MFA with every factor and remembered devices', async () => {
    const dir = appDir();
    await initProject(dir, t);
    await cli(dir, ['add', 'auth', '--headless', '{"resourceName":"secure"}']);
    term = new Terminal(dir, ['update', 'auth']);
    await term.answer('What do you want to do?', 'Down', 'Down', 'Enter');
    await term.answer('Multifactor authentication (MFA) user login options:', 'Down', 'Enter');
    // SMS is checked already (Amplify's default); add TOTP and email.
    await term.answer(
      'For user login, select the MFA types:',
      'Down',
      'Space',
      'Down',
      'Space',
      'Enter',
    );
    await term.answer('Specify an SMS authentication message:', 'Enter');
    await term.answer('Specify an email authentication subject:', 'Enter');
    await term.answer('Specify an email authentication message:', 'C-u');
    term.type('no code');
    term.keys('Enter');
    await term.waitFor('The message must contain {####}.');
    term.keys('C-u');
    term.type('Sign in with {####}');
    term.keys('Enter');
    await term.answer("Do you want to remember your user's devices?", 'Down', 'Down', 'Enter');
    await term.answer(
      'Do you want to use a remembered device to suppress the second factor',
      'y',
      'Enter',
    );
    const done = await term.exit();
    assert.equal(done.code, 0, done.screen);
    const answers = readJson(dir, 'backend', 'auth', 'secure', 'cli-inputs.json');
    assert.deepEqual(answers.mfa, {
      mode: 'ON',
      types: ['SMS', 'TOTP', 'EMAIL'],
      smsMessage: 'Your authentication code is {####}',
      emailSubject: 'Your authentication code',
      emailMessage: 'Sign in with {####}',
    });
    assert.deepEqual(answers.devices, {
      challengeRequiredOnNewDevice: true,
      onlyRememberedOnUserPrompt: true,
    });
    const mfa = readJson(dir, 'backend', 'auth', 'secure', 'mfa-config.json');
    assert.equal(mfa.MfaConfiguration, 'ON');
    assert.deepEqual(mfa.SoftwareTokenMfaConfiguration, { Enabled: true });
    assert.deepEqual(mfa.EmailMfaConfiguration, {
      Subject: 'Your authentication code',
      Message: 'Sign in with {####}',
    });
    assert.deepEqual(
      readJson(dir, 'backend', 'auth', 'secure', 'user-pool.json').DeviceConfiguration,
      {
        ChallengeRequiredOnNewDevice: true,
        DeviceOnlyRememberedOnUserPrompt: true,
      },
    );
  });

  test('import auth, then env add choosing another pool for the new environment', async () => {
    const first = await makePool(t, `imported${Date.now()}`);
    const second = await makePool(t, `other${Date.now()}`);
    const dir = appDir();
    await initProject(dir, t);
    term = new Terminal(dir, ['import', 'auth']);
    await term.answer('What type of auth resource do you want to import?', 'Down', 'Enter');
    await term.answer(
      'Select the User Pool you want to import:',
      ...(await downsTo(t, first.id)),
      'Enter',
    );
    const imported = await term.exit();
    assert.equal(imported.code, 0, imported.screen);
    assert.match(imported.screen, /Only one Web app client found/);
    assert.match(
      imported.screen,
      new RegExp(`Cognito User Pool '${first.id}' was successfully imported`),
    );
    term.close();
    const [name] = Object.keys(readJson(dir, 'backend', 'backend-config.json').auth);
    assert.equal(
      readJson(dir, 'backend', 'backend-config.json').auth[name].serviceType,
      'imported',
    );
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_web_client_id, first.clientId);

    term = new Terminal(dir, ['env', 'add', 'prod']);
    await term.answer('Cognate server endpoint:', 'Enter');
    await term.answer('Region of the server:', 'Enter');
    await term.answer('Credentials profile with the admin key:', 'Enter');
    await term.answer('Credentials file', 'Enter');
    await term.answer(
      'Do you want to import another Cognito User Pool for this environment, or keep the same one?',
      'Down',
      'Enter',
    );
    await term.answer(
      'Select the User Pool you want to import:',
      ...(await downsTo(t, second.id)),
      'Enter',
    );
    const added = await term.exit();
    assert.equal(added.code, 0, added.screen);
    const team = readJson(dir, 'team-provider-info.json');
    assert.equal(team.dev.resources.auth[name].UserPoolId, first.id);
    assert.equal(team.prod.resources.auth[name].UserPoolId, second.id);
    assert.equal(team.prod.endpoint, t.url);
    assert.equal(readJson(dir, '.config', 'local-env-info.json').envName, 'prod');
    // checkout rewrites the client config for each environment's pool.
    assert.equal((await cli(dir, ['env', 'checkout', 'prod'])).code, 0);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, second.id);
    assert.equal((await cli(dir, ['env', 'checkout', 'dev'])).code, 0);
    assert.equal((await loadAwsExports(dir)).aws_user_pools_id, first.id);
  });

  test('import auth explains an unmet requirement (no web client)', async () => {
    const pool = await t.admin.send(
      new CreateUserPoolCommand({ PoolName: `secretonly${Date.now()}` }),
    );
    const id = pool.UserPool?.Id as string;
    await t.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: id,
        ClientName: 'server',
        GenerateSecret: true,
      }),
    );
    const dir = appDir();
    await initProject(dir, t);
    const run = await cli(dir, ['import', 'auth', '--user-pool-id', id]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /has no web app client \(one without a client secret\)/);
    assert.match(run.stderr, /GenerateSecret false/);
  });
});
