// Signing in with a device, wrong: a bad device signature, a replayed session, another user's,
// an unknown or an unconfirmed device key, missing parameters. Each gets Cognito's error and
// changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  answerDeviceSrp,
  devicePool,
  deviceSignIn,
  passwordSignIn,
  rememberNewDevice,
} from '../support/devices.ts';
import {
  createConfirmed,
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

describe('bad input changes nothing', () => {
  test('a wrong device signature is NotAuthorizedException and uses the session up', async () => {
    const username = await newUser();
    const { device } = await rememberNewDevice(t, clientId, username);
    const first = await passwordSignIn(t, clientId, username, device.key);
    const { verify, send } = await answerDeviceSrp(
      t,
      clientId,
      username,
      device,
      first.Session as string,
      {
        password: 'not-the-device-password',
      },
    );
    await rejects(send(), 'NotAuthorizedException', 'Incorrect username or password.');
    // Replaying the answer (or a right one) on the used session is refused.
    await rejects(
      t.anon.send(new RespondToAuthChallengeCommand(verify)),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
    // The device still works.
    assert.ok(await deviceSignIn(t, clientId, username, device));
  });

  test('a replayed DEVICE_SRP_AUTH session is refused', async () => {
    const username = await newUser();
    const { device } = await rememberNewDevice(t, clientId, username);
    const first = await passwordSignIn(t, clientId, username, device.key);
    const { send } = await answerDeviceSrp(t, clientId, username, device, first.Session as string);
    await rejects(
      answerDeviceSrp(t, clientId, username, device, first.Session as string),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
    assert.ok((await send()).AuthenticationResult);
  });

  test('a device key of another user, unknown or unconfirmed is ResourceNotFoundException', async () => {
    const alice = await newUser('alice');
    const bob = await newUser('bob');
    const { device: bobs } = await rememberNewDevice(t, clientId, bob);
    const unconfirmed = (await passwordSignIn(t, clientId, alice)).AuthenticationResult
      ?.NewDeviceMetadata?.DeviceKey as string;
    for (const key of [bobs.key, 'us-east-1_00000000-0000-0000-0000-000000000000', unconfirmed]) {
      await rejects(
        passwordSignIn(t, clientId, alice, key),
        'ResourceNotFoundException',
        'Device does not exist.',
      );
    }
    // Bob's device is untouched and still his.
    assert.ok(await deviceSignIn(t, clientId, bob, bobs));
  });

  test("another user's device in DEVICE_SRP_AUTH is refused and the session survives", async () => {
    const alice = await newUser('alice');
    const bob = await newUser('bob');
    const { device: alices } = await rememberNewDevice(t, clientId, alice);
    const { device: bobs } = await rememberNewDevice(t, clientId, bob);
    const first = await passwordSignIn(t, clientId, alice, alices.key);
    await rejects(
      t.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'DEVICE_SRP_AUTH',
          Session: first.Session,
          ChallengeResponses: { USERNAME: alice, DEVICE_KEY: bobs.key, SRP_A: 'ab12' },
        }),
      ),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    const { send } = await answerDeviceSrp(t, clientId, alice, alices, first.Session as string);
    assert.ok((await send()).AuthenticationResult);
  });

  test('DEVICE_SRP_AUTH needs its parameters and a valid SRP_A', async () => {
    const username = await newUser();
    const { device } = await rememberNewDevice(t, clientId, username);
    const first = await passwordSignIn(t, clientId, username, device.key);
    const answer = (responses: Record<string, string>) =>
      t.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'DEVICE_SRP_AUTH',
          Session: first.Session,
          ChallengeResponses: responses,
        }),
      );
    await rejects(
      answer({ USERNAME: username, DEVICE_KEY: device.key }),
      'InvalidParameterException',
      'Missing required parameter SRP_A',
    );
    await rejects(
      answer({ USERNAME: username, DEVICE_KEY: device.key, SRP_A: '0' }),
      'InvalidParameterException',
      'Invalid SRP_A value.',
    );
    const { send } = await answerDeviceSrp(t, clientId, username, device, first.Session as string);
    assert.ok((await send()).AuthenticationResult);
  });

  test('a DEVICE_PASSWORD_VERIFIER answer to a DEVICE_SRP_AUTH session is refused', async () => {
    const username = await newUser();
    const { device } = await rememberNewDevice(t, clientId, username);
    const first = await passwordSignIn(t, clientId, username, device.key);
    await rejects(
      t.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
          Session: first.Session,
          ChallengeResponses: {
            USERNAME: username,
            PASSWORD_CLAIM_SECRET_BLOCK: first.Session as string,
            PASSWORD_CLAIM_SIGNATURE: 'c2ln',
            TIMESTAMP: 'Mon Jan 1 00:00:00 UTC 2026',
          },
        }),
      ),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
  });
});
