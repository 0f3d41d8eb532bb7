// Amplify's whole `add auth` walkthrough in a real terminal (tmux), every question answered as a
// person would, then `push` against a real server and the result read back with the AWS SDK:
// groups with their precedence, custom attributes, the client's read and write attributes,
// the social providers with their credentials, and the capability triggers scaffolded in the
// app and run by the server (the add-to-group function really adds the confirmed user).
// Then `update auth` moves and deletes groups, starting from the current ones.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  AdminListGroupsForUserCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { claims, type TestServer } from '@cognate/server/testing';
import { appDir, cli, initProject, startServer, Terminal } from './helpers.ts';

const readJson = (dir: string, ...file: string[]) =>
  JSON.parse(readFileSync(path.join(dir, 'cognate', ...file), 'utf8'));

/** The repository's node_modules: the app "has installed" the AWS SDK add-to-group needs. */
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

/**
 * A terminal that answers the nth asking of a question: a question asked again (a second group
 * name, a second redirect URI) is answered only once it is on screen that many times.
 */
class Walkthrough extends Terminal {
  private readonly asked = new Map<string, number>();

  private get tmuxSocket(): string {
    return (this as unknown as { socket: string }).socket;
  }

  /** The whole scrollback, so a question asked long ago still counts. */
  override screen(): string {
    return execFileSync(
      'tmux',
      ['-L', this.tmuxSocket, 'capture-pane', '-p', '-J', '-S', '-5000', '-t', 'cli'],
      { encoding: 'utf8' },
    );
  }

  /** Types text literally, even text that starts with "-" (a PEM key). */
  override type(text: string): void {
    execFileSync('tmux', ['-L', this.tmuxSocket, 'send-keys', '-t', 'cli', '-l', '--', text]);
  }

  /** Waits for the next asking of `question`, then presses `keys`. */
  async ask(question: string, ...keys: string[]): Promise<void> {
    const n = (this.asked.get(question) ?? 0) + 1;
    this.asked.set(question, n);
    const deadline = Date.now() + 15000;
    for (;;) {
      if (this.screen().split(question).length - 1 >= n) break;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for "${question}" (#${n}); the screen:\n${this.screen()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    this.keys(...keys);
  }

  /** Answers with text typed literally, then Enter. */
  async typeIn(question: string, text: string): Promise<void> {
    await this.ask(question);
    this.type(text);
    this.keys('Enter');
  }
}

const down = (n: number) => Array(n).fill('Down');

describe('the whole add auth walkthrough, then push', () => {
  let t: TestServer & { credentials: string };
  let term: Walkthrough | undefined;
  const dir = appDir('cognate-walk-');
  const functions = path.join(dir, 'cognate', 'backend', 'function');

  before(async () => {
    // The server runs this app's trigger functions, as `cognate serve` in the app would.
    t = await startServer({ config: { functionsDir: functions } });
    symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'));
    await initProject(dir, t);
  });
  afterEach(() => {
    term?.close();
    term = undefined;
  });
  after(() => t?.close());

  test('every question answered in a terminal; push creates what was answered', async () => {
    const prefix = `walk${Date.now().toString(36)}`;
    const appleKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString()
      .replace(/\n/g, '');
    term = new Walkthrough(dir, ['add', 'auth']);
    const q = term;
    // "I want to learn more." explains, then asks again.
    await q.ask(
      'Do you want to use the default authentication and security configuration?',
      ...down(3),
      'Enter',
    );
    await q.ask(
      'Do you want to use the default authentication and security configuration?',
      ...down(2),
      'Enter',
    );
    await q.ask('Select the authentication/authorization services that you want to use:', 'Enter');
    await q.ask('Provide a friendly name for your resource', 'C-u');
    q.type('walk');
    q.keys('Enter');
    await q.ask('Provide a name for your user pool:', 'Enter');
    await q.ask('How do you want users to be able to sign in?', 'Enter');
    // Groups: two names, one refused, then the order (Admins first).
    await q.ask('Do you want to add User Pool Groups?', 'Up', 'Enter');
    await q.typeIn('Provide a name for your user pool group:', 'Readers');
    await q.ask('Do you want to add another User Pool Group', 'y', 'Enter');
    await q.typeIn('Provide a name for your user pool group:', 'not valid');
    await q.ask('Resource name should be alphanumeric', 'C-u');
    q.type('Admins');
    q.keys('Enter');
    await q.ask('Do you want to add another User Pool Group', 'Enter');
    await q.ask('Sort the user pool groups in order of preference', 'Down', 'Enter');
    await q.ask('Do you want to add an admin queries API?', 'Up', 'Enter');
    await q.ask('Multifactor authentication (MFA) user login options:', 'Enter');
    await q.ask("Do you want to remember your user's devices?", 'Enter');
    await q.ask('Email based user registration/forgot password:', 'Enter');
    await q.ask('How do users confirm their email address?', 'Enter');
    await q.ask('Specify an email verification subject:', 'C-u');
    q.type('Welcome to Walk');
    q.keys('Enter');
    await q.ask('Specify an email verification message:', 'C-u');
    q.type('Your Walk code is {####}');
    q.keys('Enter');
    await q.ask('Do you want to override the default password policy', 'Enter');
    // Email is checked; add Given Name (the 8th).
    await q.ask('What attributes are required for signing up?', ...down(7), 'Space', 'Enter');
    await q.ask('Do you want to add custom attributes?', 'y', 'Enter');
    await q.typeIn('Enter the name of the custom attribute', 'plan');
    await q.ask('What type is custom:plan?', 'Enter');
    await q.ask('Can custom:plan be changed after sign-up?', 'Enter');
    await q.ask('Do you want to add another custom attribute', 'y', 'Enter');
    await q.typeIn('Enter the name of the custom attribute', 'level');
    await q.ask('What type is custom:level?', 'Down', 'Enter');
    await q.ask('Can custom:level be changed after sign-up?', 'n', 'Enter');
    await q.ask('Do you want to add another custom attribute', 'Enter');
    await q.ask("Specify the app's refresh token expiration period", 'Enter');
    await q.ask(
      'Do you want to specify the user attributes this app can read and write?',
      'y',
      'Enter',
    );
    // Email and Given Name are checked (required); add custom:plan (next to last) and
    // "Email Verified?" (two above it).
    await q.ask('Specify read attributes:', 'Up', 'Up', 'Space', 'Up', 'Up', 'Space', 'Enter');
    await q.ask('Specify write attributes:', 'Up', 'Up', 'Space', 'Enter');
    // Add User to Group (2nd) and Email Domain Filtering (denylist) (3rd).
    await q.ask(
      'Do you want to enable any of the following capabilities?',
      'Down',
      'Space',
      'Down',
      'Space',
      'Enter',
    );
    await q.typeIn('Enter the name of the group to which users will be added.', 'Readers');
    await q.typeIn(
      'Enter a comma-delimited list of disallowed email domains',
      'spam.example, junk.example',
    );
    await q.ask('Do you want to use an OAuth flow?', 'Up', 'Enter');
    await q.ask('What domain name prefix do you want to use?', 'C-u');
    q.type(prefix);
    q.keys('Enter');
    await q.ask('Enter your redirect signin URI:', 'Enter');
    await q.ask('Do you want to add another redirect signin URI', 'y', 'Enter');
    await q.typeIn('Enter your redirect signin URI:', 'https://app.example.com/callback/');
    await q.ask('Do you want to add another redirect signin URI', 'Enter');
    await q.ask('Enter your redirect signout URI:', 'Enter');
    await q.ask('Do you want to add another redirect signout URI', 'Enter');
    await q.ask('Select the OAuth flows enabled for this project.', 'Enter');
    // Every scope is checked; leave out phone (the first).
    await q.ask('Select the OAuth scopes enabled for this project.', 'Space', 'Enter');
    await q.ask(
      'Select the social providers',
      'Space',
      'Down',
      'Space',
      'Down',
      'Space',
      'Down',
      'Space',
      'Enter',
    );
    await q.typeIn('Enter your Facebook App ID for your OAuth flow:', 'fb-app');
    await q.typeIn('Enter your Facebook App Secret for your OAuth flow:', 'fb-secret-1');
    await q.typeIn('Enter your Google Web Client ID for your OAuth flow:', 'g.apps.example');
    await q.typeIn('Enter your Google Web Client Secret for your OAuth flow:', 'g-secret-1');
    await q.typeIn('Enter your Amazon App ID for your OAuth flow:', 'amzn-app');
    await q.typeIn('Enter your Amazon App Secret for your OAuth flow:', 'amzn-secret-1');
    await q.typeIn('Enter your Services ID for your OAuth flow:', 'com.example.walk');
    await q.typeIn('Enter your Team ID for your OAuth flow:', 'TEAM123456');
    await q.typeIn('Enter your Key ID for your OAuth flow:', 'KEY1234567');
    await q.typeIn('Enter your Private Key for your OAuth flow', appleKey);
    // The capabilities chose Pre Sign-up and Post Confirmation; add Pre Token Generation (6th)
    // with the "Override ID Token Claims" template.
    await q.ask('Do you want to configure Lambda Triggers for Cognito?', 'Enter');
    await q.ask('Which triggers do you want to enable for Cognito', ...down(5), 'Space', 'Enter');
    await q.ask('What functionality do you want to use for Pre Sign-up', 'Enter');
    await q.ask('What functionality do you want to use for Post Confirmation', 'Enter');
    await q.ask('What functionality do you want to use for Pre Token Generation', 'Space', 'Enter');
    await q.ask('Which Pre Token Generation event do you want?', 'Enter');
    await q.ask('Enter a comma-delimited list of disallowed email domains', 'Enter');
    await q.ask('Enter the name of the group to which users will be added.', 'Enter');
    const { code, screen } = await q.exit();
    assert.equal(code, 0, screen);

    // What the terminal showed: the explanation, the warning, names as Amplify shows them.
    assert.match(screen, /This utility allows you to set up Amazon Cognito User Pools/);
    assert.match(screen, /Warning: you will not be able to edit these selections\./);
    assert.match(screen, /No admin queries API is needed with Cognate/);
    assert.match(screen, /They are writeable by default: Email, Given Name/);
    assert.doesNotMatch(screen, /secret-1/, 'secrets are masked');
    const answers = readJson(dir, 'backend', 'auth', 'walk', 'cli-inputs.json');
    assert.deepEqual(answers.userPoolGroups, ['Admins', 'Readers']);
    assert.deepEqual(answers.customAttributes, [
      { name: 'plan', type: 'String', mutable: true },
      { name: 'level', type: 'Number', mutable: false },
    ]);
    assert.deepEqual(answers.triggerModules, {
      PreSignUp: ['email-filter-denylist'],
      PostConfirmation: ['add-to-group'],
      PreTokenGeneration: ['alter-claims'],
    });
    assert.deepEqual(answers.triggerSettings, {
      DOMAINDENYLIST: 'spam.example, junk.example',
      GROUP: 'Readers',
    });
    // The functions are in the app: an index per trigger, the template modules, their settings.
    for (const file of [
      'walkPostConfirmation.mjs',
      'walkPostConfirmation/add-to-group.mjs',
      'walkPreSignUp/email-filter-denylist.mjs',
      'walkPreTokenGeneration/alter-claims.mjs',
      'cognate-admin.mjs',
    ]) {
      assert.ok(existsSync(path.join(functions, file)), file);
    }
    assert.deepEqual(
      JSON.parse(
        readFileSync(path.join(functions, 'walkPostConfirmation', 'settings.json'), 'utf8'),
      ),
      { GROUP: 'Readers' },
    );

    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /✔ created user pool group Admins \(precedence 1\)/);
    assert.match(pushed.stdout, /✔ created user pool group Readers \(precedence 2\)/);
    const ids = readJson(dir, 'team-provider-info.json').dev.resources.auth.walk;
    const UserPoolId = ids.UserPoolId as string;
    const ClientId = ids.UserPoolClientId as string;

    const groups = (await t.admin.send(new ListGroupsCommand({ UserPoolId }))).Groups ?? [];
    assert.deepEqual(groups.map((g) => [g.GroupName, g.Precedence]).sort(), [
      ['Admins', 1],
      ['Readers', 2],
    ]);
    const pool = (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool;
    const schema = new Map(pool?.SchemaAttributes?.map((a) => [a.Name, a]));
    assert.equal(schema.get('custom:plan')?.AttributeDataType, 'String');
    assert.equal(schema.get('custom:plan')?.Mutable, true);
    assert.equal(schema.get('custom:level')?.AttributeDataType, 'Number');
    assert.equal(schema.get('custom:level')?.Mutable, false);
    assert.equal(schema.get('given_name')?.Required, true);
    assert.deepEqual(pool?.AutoVerifiedAttributes, ['email']);
    assert.equal(pool?.VerificationMessageTemplate?.EmailSubject, 'Welcome to Walk');
    const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    assert.equal(pool?.LambdaConfig?.PreSignUp, arn('walkPreSignUp'));
    assert.equal(pool?.LambdaConfig?.PostConfirmation, arn('walkPostConfirmation'));
    assert.equal(pool?.LambdaConfig?.PreTokenGeneration, arn('walkPreTokenGeneration'));
    const client = (await t.admin.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId })))
      .UserPoolClient;
    assert.deepEqual(client?.ReadAttributes?.sort(), [
      'custom:plan',
      'email',
      'email_verified',
      'given_name',
    ]);
    assert.deepEqual(client?.WriteAttributes?.sort(), ['custom:plan', 'email', 'given_name']);
    assert.deepEqual(client?.CallbackURLs, [
      'http://localhost:3000/',
      'https://app.example.com/callback/',
    ]);
    assert.deepEqual(client?.AllowedOAuthFlows, ['code']);
    assert.deepEqual(client?.AllowedOAuthScopes?.sort(), [
      'aws.cognito.signin.user.admin',
      'email',
      'openid',
      'profile',
    ]);
    assert.deepEqual(client?.SupportedIdentityProviders?.sort(), [
      'COGNITO',
      'Facebook',
      'Google',
      'LoginWithAmazon',
      'SignInWithApple',
    ]);
    const provider = async (ProviderName: string) =>
      (await t.admin.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName })))
        .IdentityProvider?.ProviderDetails ?? {};
    assert.equal((await provider('Facebook')).client_id, 'fb-app');
    assert.equal((await provider('Google')).client_id, 'g.apps.example');
    assert.equal((await provider('LoginWithAmazon')).client_id, 'amzn-app');
    const apple = await provider('SignInWithApple');
    assert.equal(apple.client_id, 'com.example.walk');
    assert.equal(apple.team_id, 'TEAM123456');
    assert.equal(apple.key_id, 'KEY1234567');

    // The triggers run: the denylist refuses, add-to-group adds the confirmed user, and the ID
    // token carries the claims alter-claims adds. add-to-group calls the server back with its
    // admin key, as `cognate serve` would let it.
    const saved = { ...process.env };
    process.env.COGNATE_ENDPOINT = t.url;
    process.env.AWS_SHARED_CREDENTIALS_FILE = t.credentials;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_PROFILE;
    try {
      const attributes = (email: string) => [
        { Name: 'email', Value: email },
        { Name: 'given_name', Value: 'Wanda' },
        { Name: 'custom:plan', Value: 'pro' },
      ];
      await assert.rejects(
        t.anon.send(
          new SignUpCommand({
            ClientId,
            Username: 'eve@spam.example',
            Password: 'Passw0rd!long',
            UserAttributes: attributes('eve@spam.example'),
          }),
        ),
        (err: Error) =>
          err.name === 'UserLambdaValidationException' &&
          /Invalid email domain: spam\.example/.test(err.message),
      );
      const email = 'wanda@ok.example';
      await t.anon.send(
        new SignUpCommand({
          ClientId,
          Username: email,
          Password: 'Passw0rd!long',
          UserAttributes: attributes(email),
        }),
      );
      const message = await t.outbox(email);
      assert.equal(message?.body, `Your Walk code is ${message?.code}`);
      await t.anon.send(
        new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: message?.code }),
      );
      const inGroups = await t.admin.send(
        new AdminListGroupsForUserCommand({ UserPoolId, Username: email }),
      );
      assert.deepEqual(
        inGroups.Groups?.map((g) => g.GroupName),
        ['Readers'],
      );
      const signedIn = await t.anon.send(
        new InitiateAuthCommand({
          ClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!long' },
        }),
      );
      const id = claims(signedIn.AuthenticationResult?.IdToken as string);
      assert.deepEqual(id['cognito:groups'], ['Readers']);
      assert.equal(id.attribute_key1, 'attribute_value1');
    } finally {
      process.env = saved;
    }
  });

  test('update auth: the groups, seeded with the current ones, moved and deleted on push', async () => {
    const UserPoolId = readJson(dir, 'team-provider-info.json').dev.resources.auth.walk
      .UserPoolId as string;
    // A group an administrator made on the server is not the project's: push leaves it.
    await t.admin.send(new CreateGroupCommand({ UserPoolId, GroupName: 'Outside', Precedence: 9 }));
    term = new Walkthrough(dir, ['update', 'auth']);
    const q = term;
    await q.ask('What do you want to do?', ...down(7), 'Enter');
    // Admins, Readers: delete Admins.
    await q.ask('Select any user pool groups you want to delete:', 'Space', 'Enter');
    await q.ask('Do you want to add another User Pool Group', 'y', 'Enter');
    await q.typeIn('Provide a name for your user pool group:', 'Editors');
    await q.ask('Do you want to add another User Pool Group', 'Enter');
    await q.ask('Sort the user pool groups in order of preference', 'Enter');
    const done = await q.exit();
    assert.equal(done.code, 0, done.screen);
    assert.deepEqual(readJson(dir, 'backend', 'auth', 'walk', 'cli-inputs.json').userPoolGroups, [
      'Readers',
      'Editors',
    ]);
    const pushed = await cli(dir, ['push', '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /✔ deleted user pool group Admins/);
    assert.match(pushed.stdout, /✔ updated user pool group Readers \(precedence 1\)/);
    assert.match(pushed.stdout, /✔ created user pool group Editors \(precedence 2\)/);
    const groups = (await t.admin.send(new ListGroupsCommand({ UserPoolId }))).Groups ?? [];
    assert.deepEqual(groups.map((g) => [g.GroupName, g.Precedence]).sort(), [
      ['Editors', 2],
      ['Outside', 9],
      ['Readers', 1],
    ]);
    // Nothing left to do: a second push changes nothing.
    const again = await cli(dir, ['status']);
    assert.doesNotMatch(again.stdout, /user pool group \w+: (create|update|delete)/);
  });
});
