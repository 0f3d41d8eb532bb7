// AdminSetUserMFAPreference: an administrator sets a user's factors; AdminGetUser reports them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejects, startTestServer, type TestServer } from '../support/index.ts';
import { mfaPool, mfaUser, passwordAuth, verifiedTotp } from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', sms: true, totp: true }));
});
after(() => t.close());

const adminGet = (Username: string) =>
  t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }));

test('turns SMS MFA on for a user, who is then asked for it', async () => {
  const { username } = await mfaUser(t, poolId);
  await t.admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  const user = await adminGet(username);
  assert.deepEqual(user.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  assert.equal(user.PreferredMfaSetting, 'SMS_MFA');
  assert.deepEqual(user.UserMFASettingList, ['SMS_MFA']);
  assert.equal((await passwordAuth(t, clientId, username)).ChallengeName, 'SMS_MFA');
});

test('TOTP needs a verified app, as for the user', async () => {
  const { username } = await mfaUser(t, poolId);
  const set = () =>
    t.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: username,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  await rejects(
    set(),
    'InvalidParameterException',
    'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA',
  );
  assert.equal((await adminGet(username)).UserMFASettingList, undefined);
  await verifiedTotp(t, clientId, username);
  await set();
  assert.deepEqual((await adminGet(username)).UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
});

test('an unknown user or pool', async () => {
  await rejects(
    t.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'nobody-here',
        SMSMfaSettings: { Enabled: true },
      }),
    ),
    'UserNotFoundException',
  );
  await rejects(
    t.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: 'us-east-1_nothere00',
        Username: 'nobody-here',
        SMSMfaSettings: { Enabled: true },
      }),
    ),
    'ResourceNotFoundException',
  );
});
