// Sign-in codes by SMS (SMS_MFA) and email (EMAIL_OTP), choosing among factors
// (SELECT_MFA_TYPE), and what MFA ON asks of users who turned nothing on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  type AdminSetUserMFAPreferenceRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  createWithTemporaryPassword,
  rejects,
  startTestServer,
  TEMPORARY_PASSWORD,
  type TestServer,
} from '../support/index.ts';
import {
  lastMessage,
  messageCount,
  mfaPool,
  mfaUser,
  passwordAuth,
  respond,
  totpCode,
  verifiedTotp,
} from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, {
    mode: 'OPTIONAL',
    sms: true,
    totp: true,
    email: true,
    smsMessage: 'Your sign-in code: {####}',
  }));
});
after(() => t.close());

const MISMATCH = 'Invalid code or auth state for the user.';

/** A six-digit code that is not `code`. */
const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

function prefer(
  username: string,
  input: Omit<AdminSetUserMFAPreferenceRequest, 'UserPoolId' | 'Username'>,
  pool = poolId,
) {
  return t.admin.send(
    new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool, Username: username, ...input }),
  );
}

test('SMS_MFA: a code by SMS with the pool message, masked destination, then tokens', async () => {
  const { username, phone } = await mfaUser(t, poolId, { phone: '+15555550123' });
  await prefer(username, { SMSMfaSettings: { Enabled: true } });
  const res = await passwordAuth(t, clientId, username);
  assert.equal(res.ChallengeName, 'SMS_MFA');
  assert.deepEqual(res.ChallengeParameters, {
    CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
    CODE_DELIVERY_DESTINATION: '+*******0123',
    USER_ID_FOR_SRP: username,
  });
  const sms = await lastMessage(t, phone as string);
  assert.equal(sms.channel, 'SMS');
  assert.equal(sms.destination, phone);
  assert.equal(sms.body, `Your sign-in code: ${sms.code}`);
  await rejects(
    respond(t, clientId, 'SMS_MFA', res.Session, {
      USERNAME: username,
      SMS_MFA_CODE: otherCode(sms.code as string),
    }),
    'CodeMismatchException',
    MISMATCH,
  );
  const done = await respond(t, clientId, 'SMS_MFA', res.Session, {
    USERNAME: username,
    SMS_MFA_CODE: sms.code as string,
  });
  assert.ok(done.AuthenticationResult?.AccessToken);
});

test('SMS_MFA: the code of an earlier sign-in, or one after the session expired, is refused', async () => {
  const { username, phone } = await mfaUser(t, poolId);
  await prefer(username, { SMSMfaSettings: { Enabled: true } });
  const first = await passwordAuth(t, clientId, username);
  const oldCode = (await lastMessage(t, phone as string)).code as string;
  const second = await passwordAuth(t, clientId, username);
  const newCode = (await lastMessage(t, phone as string)).code as string;
  if (oldCode !== newCode) {
    await rejects(
      respond(t, clientId, 'SMS_MFA', second.Session, {
        USERNAME: username,
        SMS_MFA_CODE: oldCode,
      }),
      'CodeMismatchException',
    );
  }
  advanceClock(t, 3 * 60_000 + 1000);
  await rejects(
    respond(t, clientId, 'SMS_MFA', first.Session, { USERNAME: username, SMS_MFA_CODE: oldCode }),
    'NotAuthorizedException',
    'Invalid session for the user, session is expired.',
  );
});

test('EMAIL_OTP: a code by email with the pool subject and message', async () => {
  const { username, email } = await mfaUser(t, poolId, { phone: false });
  await prefer(username, { EmailMfaSettings: { Enabled: true } });
  const res = await passwordAuth(t, clientId, username);
  assert.equal(res.ChallengeName, 'EMAIL_OTP');
  assert.equal(res.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
  assert.equal(res.ChallengeParameters?.CODE_DELIVERY_DESTINATION, `${username[0]}***@e***`);
  const mail = await lastMessage(t, email as string);
  assert.equal(mail.channel, 'EMAIL');
  assert.equal(mail.subject, 'Your code');
  assert.equal(mail.body, `Code: ${mail.code}`);
  await rejects(
    respond(t, clientId, 'EMAIL_OTP', res.Session, { USERNAME: username }),
    'InvalidParameterException',
    'Missing required parameter EMAIL_OTP_CODE',
  );
  const done = await respond(t, clientId, 'EMAIL_OTP', res.Session, {
    USERNAME: username,
    EMAIL_OTP_CODE: mail.code as string,
  });
  assert.ok(done.AuthenticationResult?.IdToken);
});

test('SELECT_MFA_TYPE: several factors and none preferred; the answer picks one', async () => {
  const { username, phone } = await mfaUser(t, poolId);
  const { secret } = await verifiedTotp(t, clientId, username);
  await prefer(username, {
    SMSMfaSettings: { Enabled: true },
    SoftwareTokenMfaSettings: { Enabled: true },
  });
  const res = await passwordAuth(t, clientId, username);
  assert.equal(res.ChallengeName, 'SELECT_MFA_TYPE');
  assert.deepEqual(res.ChallengeParameters, {
    MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]',
    USER_ID_FOR_SRP: username,
  });
  // A factor not offered is refused; the session stays for a valid answer.
  await rejects(
    respond(t, clientId, 'SELECT_MFA_TYPE', res.Session, {
      USERNAME: username,
      ANSWER: 'EMAIL_OTP',
    }),
    'InvalidParameterException',
  );
  await rejects(
    respond(t, clientId, 'SELECT_MFA_TYPE', res.Session, { USERNAME: username }),
    'InvalidParameterException',
    'Missing required parameter ANSWER',
  );
  const sent = await messageCount(t, phone as string);
  const picked = await respond(t, clientId, 'SELECT_MFA_TYPE', res.Session, {
    USERNAME: username,
    ANSWER: 'SOFTWARE_TOKEN_MFA',
  });
  assert.equal(picked.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  assert.notEqual(picked.Session, res.Session);
  assert.equal(await messageCount(t, phone as string), sent, 'no SMS for an app code');
  const done = await respond(t, clientId, 'SOFTWARE_TOKEN_MFA', picked.Session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(t, secret, 1),
  });
  assert.ok(done.AuthenticationResult);
  // The other way: SMS.
  const again = await passwordAuth(t, clientId, username);
  const sms = await respond(t, clientId, 'SELECT_MFA_TYPE', again.Session, {
    USERNAME: username,
    ANSWER: 'SMS_MFA',
  });
  assert.equal(sms.ChallengeName, 'SMS_MFA');
  assert.equal(sms.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  const code = (await lastMessage(t, phone as string)).code as string;
  const viaSms = await respond(t, clientId, 'SMS_MFA', sms.Session, {
    USERNAME: username,
    SMS_MFA_CODE: code,
  });
  assert.ok(viaSms.AuthenticationResult);
});

test('the preferred factor is asked directly', async () => {
  const { username } = await mfaUser(t, poolId);
  await verifiedTotp(t, clientId, username);
  await prefer(username, {
    SMSMfaSettings: { Enabled: true },
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });
  assert.equal((await passwordAuth(t, clientId, username)).ChallengeName, 'SOFTWARE_TOKEN_MFA');
});

test('MFA ON: a user with a phone number and nothing turned on gets SMS codes', async () => {
  const on = await mfaPool(t, { mode: 'ON', sms: true, totp: true });
  const { username, phone } = await mfaUser(t, on.poolId);
  const res = await passwordAuth(t, on.clientId, username);
  assert.equal(res.ChallengeName, 'SMS_MFA');
  const code = (await lastMessage(t, phone as string)).code as string;
  const done = await respond(t, on.clientId, 'SMS_MFA', res.Session, {
    USERNAME: username,
    SMS_MFA_CODE: code,
  });
  assert.ok(done.AuthenticationResult);
});

test('MFA_SETUP with email: the address gets a code, and becomes the verified email', async () => {
  const on = await mfaPool(t, { mode: 'ON', totp: true, email: true });
  const { username } = await mfaUser(t, on.poolId, { phone: false, email: false });
  const res = await passwordAuth(t, on.clientId, username);
  assert.equal(res.ChallengeName, 'MFA_SETUP');
  assert.equal(res.ChallengeParameters?.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]');
  await rejects(
    respond(t, on.clientId, 'MFA_SETUP', res.Session, {
      USERNAME: username,
      EMAIL: 'not-an-email',
    }),
    'InvalidParameterException',
  );
  const address = `${username}@mail.example.com`;
  const otp = await respond(t, on.clientId, 'MFA_SETUP', res.Session, {
    USERNAME: username,
    EMAIL: address,
  });
  assert.equal(otp.ChallengeName, 'EMAIL_OTP');
  assert.equal(otp.ChallengeParameters?.CODE_DELIVERY_DESTINATION, `${username[0]}***@m***`);
  const mail = await lastMessage(t, address);
  const done = await respond(t, on.clientId, 'EMAIL_OTP', otp.Session, {
    USERNAME: username,
    EMAIL_OTP_CODE: mail.code as string,
  });
  assert.ok(done.AuthenticationResult);
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: on.poolId, Username: username }),
  );
  const attrs = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
  assert.equal(attrs.email, address);
  assert.equal(attrs.email_verified, 'true');
  assert.deepEqual(user.UserMFASettingList, ['EMAIL_OTP']);
  assert.equal((await passwordAuth(t, on.clientId, username)).ChallengeName, 'EMAIL_OTP');
});

test('a new password after a temporary one still leads to MFA', async () => {
  const on = await mfaPool(t, { mode: 'ON', totp: true });
  const username = `temp${Date.now().toString(36)}`;
  await createWithTemporaryPassword(t, on.poolId, username);
  const first = await passwordAuth(t, on.clientId, username, TEMPORARY_PASSWORD);
  assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  const next = await respond(t, on.clientId, 'NEW_PASSWORD_REQUIRED', first.Session, {
    USERNAME: username,
    NEW_PASSWORD: 'N3w-Passw0rd!',
  });
  assert.equal(next.ChallengeName, 'MFA_SETUP');
  assert.equal(next.AuthenticationResult, undefined);
});
