// Signing in with a remembered device over the AWS SDK: DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER against the verifier ConfirmDevice stored, NewDeviceMetadata, refresh
// tokens bound to their device, and every wrong answer refused with nothing changed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminGetDeviceCommand,
  AdminInitiateAuthCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ForgetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  answerDeviceSrp,
  devicePool,
  deviceSignIn,
  passwordSignIn,
  rememberNewDevice,
} from '../support/devices.ts';
import {
  claims,
  createConfirmed,
  PASSWORD,
  passwordPool,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await devicePool(t));
});
after(() => t.close());

async function newUser(prefix = 'dev') {
  const username = unique(prefix);
  await createConfirmed(t, poolId, username);
  return username;
}

const refresh = (token: string, deviceKey?: string) =>
  t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token, ...(deviceKey && { DEVICE_KEY: deviceKey }) },
    }),
  );

const lastAuthenticated = async (username: string, deviceKey: string) =>
  (
    await t.admin.send(
      new AdminGetDeviceCommand({ UserPoolId: poolId, Username: username, DeviceKey: deviceKey }),
    )
  ).Device?.DeviceLastAuthenticatedDate;

describe('DeviceConfiguration', () => {
  const describePool = async (id: string) =>
    (await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;

  test('CreateUserPool, DescribeUserPool and UpdateUserPool carry it', async () => {
    const created = await t.admin.send(
      new CreateUserPoolCommand({
        PoolName: unique('devpool'),
        DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true },
      }),
    );
    const id = created.UserPool?.Id as string;
    const config = { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true };
    assert.deepEqual(created.UserPool?.DeviceConfiguration, config);
    assert.deepEqual((await describePool(id))?.DeviceConfiguration, config);
    const client = await t.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: id,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const username = unique('cfg');
    await createConfirmed(t, id, username);
    const signIn = () => passwordSignIn(t, client.UserPoolClient?.ClientId as string, username);
    assert.ok((await signIn()).AuthenticationResult?.NewDeviceMetadata);
    // UpdateUserPool without it turns device tracking off, as Cognito resets what is left out.
    await t.admin.send(new UpdateUserPoolCommand({ UserPoolId: id }));
    assert.equal((await describePool(id))?.DeviceConfiguration, undefined);
    assert.equal((await signIn()).AuthenticationResult?.NewDeviceMetadata, undefined);
    await t.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      }),
    );
    assert.deepEqual((await describePool(id))?.DeviceConfiguration, {
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    });
    assert.ok((await signIn()).AuthenticationResult?.NewDeviceMetadata);
  });

  test('an empty DeviceConfiguration leaves device tracking off', async () => {
    const created = await t.admin.send(
      new CreateUserPoolCommand({ PoolName: unique('devpool'), DeviceConfiguration: {} }),
    );
    assert.equal(created.UserPool?.DeviceConfiguration, undefined);
  });
});

describe('a new device', () => {
  test('every sign-in without a device key answers NewDeviceMetadata', async () => {
    const username = await newUser();
    const res = await passwordSignIn(t, clientId, username);
    const meta = res.AuthenticationResult?.NewDeviceMetadata;
    assert.match(
      meta?.DeviceKey ?? '',
      /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.ok(meta?.DeviceGroupKey);
    const again = await passwordSignIn(t, clientId, username);
    assert.notEqual(again.AuthenticationResult?.NewDeviceMetadata?.DeviceKey, meta?.DeviceKey);
    const admin = await t.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    );
    assert.ok(admin.AuthenticationResult?.NewDeviceMetadata?.DeviceKey);
  });

  test('a pool that does not track devices answers none and ignores DEVICE_KEY', async () => {
    const plain = await passwordPool(t);
    const username = unique('nodev');
    await createConfirmed(t, plain.poolId, username);
    const res = await passwordSignIn(t, plain.clientId, username, 'us-east-1_0000-not-a-device');
    assert.ok(res.AuthenticationResult?.AccessToken);
    assert.equal(res.AuthenticationResult?.NewDeviceMetadata, undefined);
  });
});

describe('a remembered device', () => {
  test('signs in through DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER', async () => {
    const username = await newUser();
    const { device, confirmed } = await rememberNewDevice(t, clientId, username);
    assert.equal(confirmed.UserConfirmationNecessary, false);
    const first = await passwordSignIn(t, clientId, username, device.key);
    assert.equal(first.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.deepEqual(first.ChallengeParameters, { USERNAME: username });
    assert.equal(first.AuthenticationResult, undefined);
    const before = await lastAuthenticated(username, device.key);
    t.clock.advance(5000);
    const { round1, send } = await answerDeviceSrp(
      t,
      clientId,
      username,
      device,
      first.Session as string,
    );
    const p = round1.ChallengeParameters ?? {};
    assert.deepEqual(Object.keys(p).sort(), [
      'DEVICE_KEY',
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
    ]);
    assert.equal(p.DEVICE_KEY, device.key);
    assert.equal(p.USERNAME, username);
    assert.equal(p.SECRET_BLOCK, round1.Session);
    const done = await send();
    const result = done.AuthenticationResult;
    assert.ok(result?.AccessToken && result.RefreshToken);
    assert.equal(result.NewDeviceMetadata, undefined, 'the device is known');
    assert.equal(claims(result.AccessToken).username, username);
    const after = await lastAuthenticated(username, device.key);
    assert.ok(before && after && after.getTime() > before.getTime(), 'last authenticated moves');
  });

  test('ADMIN_USER_PASSWORD_AUTH asks for the device too', async () => {
    const username = await newUser();
    const { device } = await rememberNewDevice(t, clientId, username);
    const res = await t.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD, DEVICE_KEY: device.key },
      }),
    );
    assert.equal(res.ChallengeName, 'DEVICE_SRP_AUTH');
  });

  test('refresh tokens of a device sign-in need that DEVICE_KEY', async () => {
    const username = await newUser();
    const { device, tokens } = await rememberNewDevice(t, clientId, username);
    // The sign-in that issued the device now refreshes only with it.
    assert.ok((await refresh(tokens.RefreshToken as string, device.key)).AuthenticationResult);
    await rejects(
      refresh(tokens.RefreshToken as string),
      'NotAuthorizedException',
      'Invalid Refresh Token',
    );
    const other = await rememberNewDevice(t, clientId, username);
    await rejects(
      refresh(tokens.RefreshToken as string, other.device.key),
      'NotAuthorizedException',
      'Invalid Refresh Token',
    );
    const signedIn = await deviceSignIn(t, clientId, username, device);
    const viaApi = await t.anon.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: clientId,
        RefreshToken: signedIn?.RefreshToken as string,
        DeviceKey: device.key,
      }),
    );
    assert.ok(viaApi.AuthenticationResult?.AccessToken);
    await rejects(
      t.anon.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: clientId,
          RefreshToken: signedIn?.RefreshToken as string,
          DeviceKey: other.device.key,
        }),
      ),
      'NotAuthorizedException',
      'Invalid Refresh Token',
    );
  });

  test('an unconfirmed device refreshes with or without its key', async () => {
    const username = await newUser();
    const res = await passwordSignIn(t, clientId, username);
    const r = res.AuthenticationResult;
    assert.ok(r?.RefreshToken && r.NewDeviceMetadata?.DeviceKey);
    assert.ok((await refresh(r.RefreshToken)).AuthenticationResult);
    assert.ok((await refresh(r.RefreshToken, r.NewDeviceMetadata.DeviceKey)).AuthenticationResult);
  });

  test('forgetting the device stops its refresh tokens and its key', async () => {
    const username = await newUser();
    const { device } = await rememberNewDevice(t, clientId, username);
    const signedIn = await deviceSignIn(t, clientId, username, device);
    await t.anon.send(
      new ForgetDeviceCommand({ AccessToken: signedIn?.AccessToken, DeviceKey: device.key }),
    );
    await rejects(
      refresh(signedIn?.RefreshToken as string, device.key),
      'NotAuthorizedException',
      'Invalid Refresh Token',
    );
    await rejects(
      passwordSignIn(t, clientId, username, device.key),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    // Without the key the user signs in again and gets a new device.
    const again = await passwordSignIn(t, clientId, username);
    assert.ok(again.AuthenticationResult?.NewDeviceMetadata?.DeviceKey);
  });

  test('a not remembered device proves itself and signs in (no MFA to skip here)', async () => {
    const username = await newUser();
    const { device, tokens } = await rememberNewDevice(t, clientId, username);
    await t.anon.send(
      new UpdateDeviceStatusCommand({
        AccessToken: tokens.AccessToken,
        DeviceKey: device.key,
        DeviceRememberedStatus: 'not_remembered',
      }),
    );
    const result = await deviceSignIn(t, clientId, username, device);
    assert.equal(result?.NewDeviceMetadata, undefined);
  });
});
