// Remembered devices for the tests: a pool that tracks devices, the device secret a client
// registers with ConfirmDevice, and device SRP (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) done
// with amazon-cognito-identity-js's own AuthenticationHelper, as its CognitoUser does it.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import {
  ConfirmDeviceCommand,
  type CreateUserPoolClientRequest,
  type CreateUserPoolRequest,
  type DeviceConfigurationType,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from './server.ts';
import { createClient, createPool, PASSWORD } from './users.ts';

interface ClientBigInteger {
  toString(radix: number): string;
}
interface Helper {
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
  getLargeAValue(cb: (err: unknown, A: ClientBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: ClientBigInteger,
    salt: ClientBigInteger,
    cb: (err: unknown, key: Buffer) => void,
  ): void;
}
const require = createRequire(import.meta.url);
const AuthenticationHelper: new (poolName: string) => Helper =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger: new (s: string, radix: number) => ClientBigInteger =
  require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const DateHelper: new () => { getNowString(): string } =
  require('amazon-cognito-identity-js/lib/DateHelper.js').default;

function promisify<T>(fn: (cb: (err: unknown, r: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, r) => (err ? reject(err) : resolve(r))));
}

/** A device a client holds: its keys and the random password behind its verifier. */
export interface HeldDevice {
  key: string;
  groupKey: string;
  password: string;
}

/**
 * A pool that tracks devices (remembered devices stand in for MFA unless told otherwise) and a
 * client allowing SRP, password and refresh sign-ins.
 */
export async function devicePool(
  t: TestServer,
  device: DeviceConfigurationType = { ChallengeRequiredOnNewDevice: true },
  pool: Partial<CreateUserPoolRequest> = {},
  client: Partial<CreateUserPoolClientRequest> = {},
) {
  const p = await createPool(t, { DeviceConfiguration: device, ...pool });
  const c = await createClient(t, p.Id, {
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
    ...client,
  });
  return { poolId: p.Id, clientId: c.ClientId };
}

/** ConfirmDevice's DeviceSecretVerifierConfig for a new device, as the client makes it. */
export async function deviceSecret(groupKey: string, deviceKey: string) {
  const helper = new AuthenticationHelper(groupKey);
  await promisify<null>((cb) => helper.generateHashDevice(groupKey, deviceKey, (e) => cb(e, null)));
  return {
    config: {
      Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
    },
    password: helper.getRandomPassword(),
  };
}

/** USER_PASSWORD_AUTH; `deviceKey` is sent as DEVICE_KEY. */
export function passwordSignIn(
  t: TestServer,
  clientId: string,
  username: string,
  deviceKey?: string,
  password = PASSWORD,
): Promise<InitiateAuthCommandOutput> {
  return t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: {
        USERNAME: username,
        PASSWORD: password,
        ...(deviceKey && { DEVICE_KEY: deviceKey }),
      },
    }),
  );
}

/**
 * Signs in with a password on a new device and confirms it (ConfirmDevice with a fresh
 * verifier). Returns the device, the sign-in's tokens and ConfirmDevice's answer.
 */
export async function rememberNewDevice(
  t: TestServer,
  clientId: string,
  username: string,
  name = 'Test device',
) {
  const res = await passwordSignIn(t, clientId, username);
  const result = res.AuthenticationResult;
  const meta = result?.NewDeviceMetadata;
  assert.ok(result?.AccessToken && meta?.DeviceKey && meta.DeviceGroupKey, 'a new device');
  const { config, password } = await deviceSecret(meta.DeviceGroupKey, meta.DeviceKey);
  const confirmed = await t.anon.send(
    new ConfirmDeviceCommand({
      AccessToken: result.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: config,
      DeviceName: name,
    }),
  );
  const device: HeldDevice = { key: meta.DeviceKey, groupKey: meta.DeviceGroupKey, password };
  return { device, tokens: result, confirmed };
}

/** Answers DEVICE_SRP_AUTH (Session `session`) with `device`: returns the server's answer. */
export async function answerDeviceSrp(
  t: TestServer,
  clientId: string,
  username: string,
  device: HeldDevice,
  session: string,
  opts: { password?: string } = {},
) {
  const helper = new AuthenticationHelper(device.groupKey);
  const A = await promisify<ClientBigInteger>((cb) => helper.getLargeAValue(cb));
  const round1 = await t.anon.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.key, SRP_A: A.toString(16) },
    }),
  );
  assert.equal(round1.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
  const p = round1.ChallengeParameters ?? {};
  const key = await promisify<Buffer>((cb) =>
    helper.getPasswordAuthenticationKey(
      device.key,
      opts.password ?? device.password,
      new BigInteger(p.SRP_B, 16),
      new BigInteger(p.SALT, 16),
      cb,
    ),
  );
  const timestamp = new DateHelper().getNowString();
  const signature = crypto
    .createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(device.groupKey, 'utf8'),
        Buffer.from(device.key, 'utf8'),
        Buffer.from(p.SECRET_BLOCK, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]),
    )
    .digest('base64');
  const verify = {
    ClientId: clientId,
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER' as const,
    Session: round1.Session,
    ChallengeResponses: {
      USERNAME: p.USERNAME ?? username,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
      DEVICE_KEY: device.key,
    },
  };
  return { round1, verify, send: () => t.anon.send(new RespondToAuthChallengeCommand(verify)) };
}

/** Signs in with a password and `device`, through DEVICE_SRP_AUTH, to tokens. */
export async function deviceSignIn(
  t: TestServer,
  clientId: string,
  username: string,
  device: HeldDevice,
) {
  const first = await passwordSignIn(t, clientId, username, device.key);
  assert.equal(first.ChallengeName, 'DEVICE_SRP_AUTH');
  const { send } = await answerDeviceSrp(t, clientId, username, device, first.Session as string);
  const done = await send();
  assert.ok(done.AuthenticationResult?.AccessToken, 'tokens after the device proof');
  return done.AuthenticationResult;
}
