import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  createClient,
  PASSWORD,
  passwordPool,
  rejects,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
});
after(() => t.close());

test('changes the settings given, resets the others and keeps name and secret', async () => {
  const created = await createClient(t, poolId, {
    ClientName: 'original',
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'ENABLED',
    ReadAttributes: ['email'],
  });
  advanceClock(t, 1000);
  const res = await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientId: created.ClientId,
      AccessTokenValidity: 2,
      TokenValidityUnits: { AccessToken: 'hours' },
    }),
  );
  const c = res.UserPoolClient;
  assert.equal(c?.ClientName, 'original');
  assert.equal(c?.ClientSecret, created.ClientSecret);
  assert.equal(c?.AccessTokenValidity, 2);
  assert.deepEqual(c?.TokenValidityUnits, { AccessToken: 'hours' });
  // Left out of the request: back to defaults (Cognito's UpdateUserPoolClient semantics).
  assert.equal(c?.ExplicitAuthFlows, undefined);
  assert.equal(c?.PreventUserExistenceErrors, undefined);
  assert.equal(c?.ReadAttributes, undefined);
  assert.deepEqual(c?.CreationDate, created.CreationDate);
  assert.ok((c?.LastModifiedDate as Date) > (created.LastModifiedDate as Date));
  const described = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId }),
  );
  assert.deepEqual(described.UserPoolClient, c);
});

test('the new auth flows take effect at once', async () => {
  const username = unique('flows');
  await signUpConfirmed(t, clientId, username);
  const c = await createClient(t, poolId);
  const passwordAuth = () =>
    t.anon.send(
      new InitiateAuthCommand({
        ClientId: c.ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: PASSWORD },
      }),
    );
  await rejects(
    passwordAuth(),
    'InvalidParameterException',
    'USER_PASSWORD_AUTH flow not enabled for this client',
  );
  await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientId: c.ClientId,
      ClientName: 'renamed',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  assert.ok((await passwordAuth()).AuthenticationResult?.AccessToken);
  await t.admin.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }));
  await rejects(
    passwordAuth(),
    'InvalidParameterException',
    'USER_PASSWORD_AUTH flow not enabled for this client',
  );
  const d = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }),
  );
  assert.equal(d.UserPoolClient?.ClientName, 'renamed');
});

test('new token validity applies to the next sign-in', async () => {
  const username = unique('validity');
  await signUpConfirmed(t, clientId, username);
  await t.admin.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 5,
      TokenValidityUnits: { AccessToken: 'minutes' },
    }),
  );
  const tokens = await signIn(t, clientId, username);
  assert.equal(tokens.ExpiresIn, 300);
});

test('invalid settings are InvalidParameterException and change nothing', async () => {
  const c = await createClient(t, poolId, { ReadAttributes: ['email'] });
  await rejects(
    t.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: c.ClientId,
        ReadAttributes: ['no_such_attribute'],
      }),
    ),
    'InvalidParameterException',
    'Invalid read attributes specified while updating a client',
  );
  const d = await t.admin.send(
    new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }),
  );
  assert.deepEqual(d.UserPoolClient, c);
});

test('an unknown client is ResourceNotFoundException', async () => {
  await rejects(
    t.admin.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'nosuchclient123' }),
    ),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
});
