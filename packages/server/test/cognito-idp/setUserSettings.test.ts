// SetUserSettings: the legacy MFAOptions switch for SMS MFA, which counts as SMS MFA turned on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type DeliveryMediumType,
  GetUserCommand,
  SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejects, signIn, startTestServer, type TestServer } from '../support/index.ts';
import { mfaPool, mfaUser, passwordAuth } from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', sms: true }));
});
after(() => t.close());

const settings = (
  AccessToken: string,
  MFAOptions: { DeliveryMedium: string; AttributeName: string }[],
) =>
  t.anon.send(
    new SetUserSettingsCommand({
      AccessToken,
      MFAOptions: MFAOptions.map((o) => ({
        ...o,
        DeliveryMedium: o.DeliveryMedium as DeliveryMediumType,
      })),
    }),
  );

test('an SMS option turns SMS MFA on; GetUser shows MFAOptions alone', async () => {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  await settings(AccessToken, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  const user = await t.anon.send(new GetUserCommand({ AccessToken }));
  assert.deepEqual(user.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  assert.equal(user.UserMFASettingList, undefined);
  assert.equal(user.PreferredMfaSetting, undefined);
  const res = await passwordAuth(t, clientId, username);
  assert.equal(res.ChallengeName, 'SMS_MFA');
  // An empty list turns it off again.
  await settings(AccessToken, []);
  assert.equal((await t.anon.send(new GetUserCommand({ AccessToken }))).MFAOptions, undefined);
  assert.ok((await passwordAuth(t, clientId, username)).AuthenticationResult);
});

test('only SMS to phone_number, for a user with a phone number', async () => {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  await rejects(
    settings(AccessToken, [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }]),
    'InvalidParameterException',
    'Only an SMS option to phone_number can be set as an MFA option.',
  );
  await rejects(
    settings(AccessToken, [{ DeliveryMedium: 'VOICE', AttributeName: 'phone_number' }]),
    'InvalidParameterException',
    /at 'mFAOptions.1.member.deliveryMedium' failed to satisfy constraint: Member must satisfy enum value set: \[SMS, EMAIL\]/,
  );
  const phoneless = await mfaUser(t, poolId, { phone: false });
  const token = (await signIn(t, clientId, phoneless.username)).AccessToken;
  await rejects(
    settings(token, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]),
    'InvalidParameterException',
    'User does not have delivery config set to turn on SMS_MFA',
  );
  assert.equal((await t.anon.send(new GetUserCommand({ AccessToken }))).MFAOptions, undefined);
});
