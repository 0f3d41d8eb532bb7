// SetUserMFAPreference: a signed-in user turns factors on and off and picks the preferred one;
// GetUser reports MFAOptions, PreferredMfaSetting and UserMFASettingList as Cognito does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  type SetUserMFAPreferenceRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejects, signIn, startTestServer, type TestServer } from '../support/index.ts';
import { mfaPool, mfaUser, passwordAuth, verifiedTotp } from './mfa-helpers.ts';

let t: TestServer;
let clientId: string;
let poolId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, {
    mode: 'OPTIONAL',
    sms: true,
    totp: true,
    email: true,
  }));
});
after(() => t.close());

const prefer = (AccessToken: string, input: Omit<SetUserMFAPreferenceRequest, 'AccessToken'>) =>
  t.anon.send(new SetUserMFAPreferenceCommand({ AccessToken, ...input }));

async function mfaOf(AccessToken: string) {
  const { MFAOptions, PreferredMfaSetting, UserMFASettingList } = await t.anon.send(
    new GetUserCommand({ AccessToken }),
  );
  return { MFAOptions, PreferredMfaSetting, UserMFASettingList };
}

const NOTHING = {
  MFAOptions: undefined,
  PreferredMfaSetting: undefined,
  UserMFASettingList: undefined,
};
const SMS_OPTION = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];

test('a user who never set MFA has no MFA members in GetUser', async () => {
  const { username } = await mfaUser(t, poolId);
  const { AccessToken } = await signIn(t, clientId, username);
  assert.deepEqual(await mfaOf(AccessToken), NOTHING);
});

test('factors on, preferred, switched over and off, as GetUser reports them', async () => {
  const { username } = await mfaUser(t, poolId);
  const { accessToken } = await verifiedTotp(t, clientId, username);
  await prefer(accessToken, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
  assert.deepEqual(await mfaOf(accessToken), {
    MFAOptions: SMS_OPTION,
    PreferredMfaSetting: 'SMS_MFA',
    UserMFASettingList: ['SMS_MFA'],
  });
  await prefer(accessToken, { SoftwareTokenMfaSettings: { Enabled: true } });
  assert.deepEqual(await mfaOf(accessToken), {
    MFAOptions: SMS_OPTION,
    PreferredMfaSetting: 'SMS_MFA',
    UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
  });
  await prefer(accessToken, { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  assert.equal((await mfaOf(accessToken)).PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  await prefer(accessToken, {
    SMSMfaSettings: { Enabled: false },
    EmailMfaSettings: { Enabled: true },
  });
  assert.deepEqual(await mfaOf(accessToken), {
    MFAOptions: undefined,
    PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    UserMFASettingList: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
  });
  await prefer(accessToken, {
    SoftwareTokenMfaSettings: { Enabled: false },
    EmailMfaSettings: { Enabled: false },
  });
  // Once set, the list stays, empty.
  assert.deepEqual(await mfaOf(accessToken), {
    MFAOptions: undefined,
    PreferredMfaSetting: undefined,
    UserMFASettingList: [],
  });
});

test('a factor the user cannot receive is refused, and nothing changes', async () => {
  const { username } = await mfaUser(t, poolId, { phone: false, email: false });
  const { AccessToken } = await signIn(t, clientId, username);
  for (const [member, factor] of [
    ['SMSMfaSettings', 'SMS_MFA'],
    ['SoftwareTokenMfaSettings', 'SOFTWARE_TOKEN_MFA'],
    ['EmailMfaSettings', 'EMAIL_OTP'],
  ] as const) {
    await rejects(
      prefer(AccessToken, { [member]: { Enabled: true } }),
      'InvalidParameterException',
      `User does not have delivery config set to turn on ${factor}`,
    );
  }
  assert.deepEqual(await mfaOf(AccessToken), NOTHING);
  // Still no MFA at sign-in.
  assert.ok((await passwordAuth(t, clientId, username)).AuthenticationResult);
});

test('one preferred factor at most, and only an enabled one', async () => {
  const { username } = await mfaUser(t, poolId);
  const { accessToken } = await verifiedTotp(t, clientId, username);
  await rejects(
    prefer(accessToken, {
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
    'InvalidParameterException',
  );
  await rejects(
    prefer(accessToken, { SMSMfaSettings: { Enabled: false, PreferredMfa: true } }),
    'InvalidParameterException',
  );
  assert.deepEqual(await mfaOf(accessToken), NOTHING);
});

test('an invalid access token is NotAuthorizedException', async () => {
  await rejects(
    prefer('not.a.token', { SMSMfaSettings: { Enabled: true } }),
    'NotAuthorizedException',
  );
});
