import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminInitiateAuthCommand,
  type AuthFlowType,
  GetUserCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  claims,
  createClient,
  PASSWORD,
  passwordPool,
  rejects,
  secretHash,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
let adminClientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await passwordPool(t));
  adminClientId = (
    await createClient(t, poolId, {
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
});
after(() => t.close());

const adminAuth = (
  flow: string,
  params: Record<string, string>,
  client = adminClientId,
  pool = poolId,
  caller = t.admin,
) =>
  caller.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool,
      ClientId: client,
      AuthFlow: flow as AuthFlowType,
      AuthParameters: params,
    }),
  );

async function user() {
  const username = unique('adminauth');
  const sub = await signUpConfirmed(t, clientId, username);
  return { username, sub };
}

test('ADMIN_USER_PASSWORD_AUTH returns tokens', async () => {
  const { username, sub } = await user();
  const res = await adminAuth('ADMIN_USER_PASSWORD_AUTH', {
    USERNAME: username,
    PASSWORD: PASSWORD,
  });
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken);
  assert.equal(r.TokenType, 'Bearer');
  assert.deepEqual(res.ChallengeParameters, {});
  assert.equal(claims(r.AccessToken).sub, sub);
  assert.equal(claims(r.AccessToken).client_id, adminClientId);
  const me = await t.anon.send(new GetUserCommand({ AccessToken: r.AccessToken }));
  assert.equal(me.Username, username);
});

test('the legacy ADMIN_NO_SRP_AUTH name works too', async () => {
  const { username } = await user();
  const res = await adminAuth('ADMIN_NO_SRP_AUTH', { USERNAME: username, PASSWORD: PASSWORD });
  assert.ok(res.AuthenticationResult?.AccessToken);
});

test('REFRESH_TOKEN_AUTH through the admin API', async () => {
  const { username, sub } = await user();
  const first = await adminAuth('ADMIN_USER_PASSWORD_AUTH', {
    USERNAME: username,
    PASSWORD: PASSWORD,
  });
  const res = await adminAuth('REFRESH_TOKEN_AUTH', {
    REFRESH_TOKEN: first.AuthenticationResult?.RefreshToken as string,
  });
  assert.equal(claims(res.AuthenticationResult?.AccessToken as string).sub, sub);
  assert.equal(res.AuthenticationResult?.RefreshToken, undefined);
});

test('wrong password, unknown user and unconfirmed user errors', async () => {
  const { username } = await user();
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: 'Wr0ng-Passw0rd' }),
    'NotAuthorizedException',
    'Incorrect username or password.',
  );
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: unique('ghost'), PASSWORD: PASSWORD }),
    'UserNotFoundException',
    'User does not exist.',
  );
  const unconfirmed = unique('unconfirmed');
  await t.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: unconfirmed, Password: PASSWORD }),
  );
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: unconfirmed, PASSWORD: PASSWORD }),
    'UserNotConfirmedException',
    'User is not confirmed.',
  );
});

test('a client without ALLOW_ADMIN_USER_PASSWORD_AUTH is InvalidParameterException', async () => {
  const { username } = await user();
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: PASSWORD }, clientId),
    'InvalidParameterException',
    /flow not enabled for this client$/,
  );
});

test('a client with a secret needs the SECRET_HASH', async () => {
  const { username } = await user();
  const c = await createClient(t, poolId, {
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const params = { USERNAME: username, PASSWORD: PASSWORD };
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', params, c.ClientId),
    'NotAuthorizedException',
    `Client ${c.ClientId} is configured with secret but SECRET_HASH was not received`,
  );
  const ok = await adminAuth(
    'ADMIN_USER_PASSWORD_AUTH',
    { ...params, SECRET_HASH: secretHash(c.ClientSecret as string, username, c.ClientId) },
    c.ClientId,
  );
  assert.ok(ok.AuthenticationResult?.AccessToken);
});

test('a client of another pool, or an unknown client, is ResourceNotFoundException', async () => {
  const other = await passwordPool(t);
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'x', PASSWORD: PASSWORD }, other.clientId),
    'ResourceNotFoundException',
    `User pool client ${other.clientId} does not exist.`,
  );
  await rejects(
    adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'x', PASSWORD: PASSWORD }, 'nosuchclient123'),
    'ResourceNotFoundException',
    'User pool client nosuchclient123 does not exist.',
  );
});

test('needs the admin signature', async () => {
  const { username } = await user();
  await rejects(
    adminAuth(
      'ADMIN_USER_PASSWORD_AUTH',
      { USERNAME: username, PASSWORD: PASSWORD },
      adminClientId,
      poolId,
      t.anon,
    ),
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  );
});
