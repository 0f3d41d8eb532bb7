// The console's API beyond sessions, over real HTTP: Cognito operations run through the SigV4
// endpoint's pipeline (same results, same errors), the outbox, the activity counts from real
// sign-ins and sign-ups, and the local setup instructions in the CLI's aws-exports shape.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  awsExports as cliAwsExports,
  awsExportsJs as cliAwsExportsJs,
} from '../../../cli/src/exports.ts';
import {
  codeFor,
  PASSWORD,
  passwordPool,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import { type ConsoleSession, signInAdmin } from './console-api.ts';

describe('console API', () => {
  let t: TestServer;
  let s: ConsoleSession;
  before(async () => {
    t = await startTestServer();
    s = await signInAdmin(t);
  });
  after(() => t.close());

  test('a Cognito operation runs as through the SDK, and its errors are Cognito’s', async () => {
    const name = unique('consolepool');
    const created = await s.idp('CreateUserPool', {
      PoolName: name,
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
    });
    assert.equal(created.status, 200, created.text);
    const id = created.body.UserPool.Id;
    assert.match(id, /^us-east-1_/);
    const described = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    assert.equal(described.UserPool?.Name, name);
    assert.equal(described.UserPool?.Policies?.PasswordPolicy?.MinimumLength, 12);
    // Same validation as the SDK's endpoint.
    const bad = await s.idp('CreateUserPool', { PoolName: '' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.__type, 'InvalidParameterException');
    const missing = await s.idp('DescribeUserPool', { UserPoolId: 'us-east-1_nosuchpool' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.__type, 'ResourceNotFoundException');
    const unknown = await s.idp('NoSuchOperation', {});
    assert.equal(unknown.body.__type, 'UnknownOperationException');
    const notJson = await s.call('POST', 'cognito-idp/ListUserPools', '{"MaxResults":');
    assert.equal(notJson.body.__type, 'SerializationException');
    // The pool's rules apply: a short password is refused by AdminCreateUser as by the SDK.
    const short = await s.idp('AdminCreateUser', {
      UserPoolId: id,
      Username: 'shorty',
      TemporaryPassword: 'Sh0rt!',
    });
    assert.equal(short.body.__type, 'InvalidPasswordException');
  });

  test('Cognito Identity operations run too', async () => {
    const created = await s.call('POST', 'cognito-identity/CreateIdentityPool', {
      IdentityPoolName: unique('ids'),
      AllowUnauthenticatedIdentities: true,
    });
    assert.equal(created.status, 200, created.text);
    assert.match(created.body.IdentityPoolId, /^us-east-1:/);
    const listed = await s.call('POST', 'cognito-identity/ListIdentityPools', { MaxResults: 60 });
    assert.ok(
      listed.body.IdentityPools.some(
        (p: { IdentityPoolId: string }) => p.IdentityPoolId === created.body.IdentityPoolId,
      ),
    );
    const other = await s.call('POST', 'not-an-api/ListUserPools', {});
    assert.equal(other.status, 404);
  });

  test('the outbox lists the messages the server would send, newest first, with their codes', async () => {
    const { clientId } = await passwordPool(t);
    const username = unique('mail');
    await t.anon.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const answer = await s.call('GET', `outbox?username=${username}&limit=5`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.messages.length, 1);
    const [message] = answer.body.messages;
    assert.equal(message.code, await codeFor(t, username));
    assert.equal(message.channel, 'EMAIL');
    assert.match(message.createdAt, /^\d{4}-\d\d-\d\dT/);
  });

  test('activity counts sign-ins, failures, sign-ups and lockouts from the stored events', async () => {
    const { poolId, clientId } = await passwordPool(t);
    t.clock.freeze();
    try {
      const users = [unique('act'), unique('act'), unique('act')];
      for (const u of users) await signUpConfirmed(t, clientId, u);
      await signIn(t, clientId, users[0]);
      await signIn(t, clientId, users[1]);
      await signIn(t, clientId, users[1]);
      // users[2] gets its password wrong five times: the fifth locks it out.
      for (let i = 0; i < 5; i++) {
        await assert.rejects(
          t.anon.send(
            new InitiateAuthCommand({
              ClientId: clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: users[2], PASSWORD: 'Wrong-passw0rd' },
            }),
          ),
          { name: 'NotAuthorizedException' },
        );
      }
      const answer = await s.call('GET', `activity?userPoolId=${poolId}&days=2`);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.totals, { signIns: 3, failures: 5, signUps: 3, lockouts: 1 });
      assert.equal(answer.body.hours.length, 48);
      const now = new Date(t.clock.now());
      now.setUTCMinutes(0, 0, 0);
      const last = answer.body.hours[47];
      assert.equal(last.hour, now.toISOString());
      assert.deepEqual(
        { ...last, hour: undefined },
        { hour: undefined, signIns: 3, failures: 5, signUps: 3, lockouts: 1 },
      );
      // Another pool's events are not counted; a bad pool or window is refused.
      const { poolId: quiet } = await passwordPool(t);
      const none = await s.call('GET', `activity?userPoolId=${quiet}`);
      assert.equal(none.body.hours.length, 7 * 24);
      assert.deepEqual(none.body.totals, { signIns: 0, failures: 0, signUps: 0, lockouts: 0 });
      const gone = await s.call('GET', 'activity?userPoolId=us-east-1_nosuchpool');
      assert.equal(gone.body.__type, 'ResourceNotFoundException');
      const tooLong = await s.call('GET', `activity?userPoolId=${quiet}&days=400`);
      assert.equal(tooLong.body.__type, 'InvalidParameterException');
    } finally {
      t.clock.thaw();
    }
  });

  test('setup: the pull command and the aws-exports.js the CLI writes for the pool', async () => {
    const { poolId, clientId } = await passwordPool(
      t,
      {
        UsernameAttributes: ['email'],
        MfaConfiguration: 'OFF',
        Policies: {
          PasswordPolicy: { MinimumLength: 10, RequireNumbers: true, RequireSymbols: true },
        },
        Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
      },
      {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: ['http://localhost:3000/'],
        LogoutURLs: ['http://localhost:3000/'],
        SupportedIdentityProviders: ['COGNITO'],
      },
    );
    await t.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await t.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: poolId,
        Domain: unique('setup').toLowerCase(),
      }),
    );
    // A second client with a secret: the setup picks the web client (no secret) by itself.
    await s.idp('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'server',
      GenerateSecret: true,
    });
    const answer = await s.call('GET', `setup?userPoolId=${poolId}`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(
      answer.body.pullCommand,
      `npx cognate pull --endpoint ${t.url} --user-pool-id ${poolId} --app-client-id ${clientId}`,
    );
    assert.match(answer.body.amplifyConfigure, /Amplify\.configure\(/);
    // What the CLI would write, from the SDK's descriptions and the discovery document.
    const pool = (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
    const client = (
      await t.admin.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
      )
    ).UserPoolClient;
    assert.ok(pool && client);
    const discovery = (await (
      await fetch(`${t.url}/${poolId}/.well-known/openid-configuration`)
    ).json()) as { authorization_endpoint: string };
    const expected = cliAwsExportsJs(
      cliAwsExports({
        region: 'us-east-1',
        endpoint: t.url,
        pool,
        client,
        mfaTypes: ['TOTP'],
        hostedUiBase: discovery.authorization_endpoint.replace(/\/oauth2\/authorize$/, ''),
      }),
    );
    assert.equal(answer.body.awsExports, expected);
    assert.match(answer.body.awsExports, /"aws_cognito_mfa_configuration": "OPTIONAL"/);
    assert.match(answer.body.awsExports, /"domain": "[^"]+\/domains\//);
    // Asked for a client by id, and for a pool that is not there.
    const named = await s.call('GET', `setup?userPoolId=${poolId}&clientId=${clientId}`);
    assert.equal(named.body.awsExports, expected);
    const gone = await s.call('GET', 'setup?userPoolId=us-east-1_nosuchpool');
    assert.equal(gone.body.__type, 'ResourceNotFoundException');
  });
});
