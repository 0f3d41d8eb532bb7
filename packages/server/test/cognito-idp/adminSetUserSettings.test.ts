// AdminSetUserSettings: the legacy MFAOptions switch, set by an administrator.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejects, startTestServer, type TestServer } from '../support/index.ts';
import { lastMessage, mfaPool, mfaUser, passwordAuth, respond } from './mfa-helpers.ts';

let t: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  t = await startTestServer();
  ({ poolId, clientId } = await mfaPool(t, { mode: 'OPTIONAL', sms: true }));
});
after(() => t.close());

test('an SMS option makes the next sign-in ask for an SMS code', async () => {
  const { username, phone } = await mfaUser(t, poolId);
  await t.admin.send(
    new AdminSetUserSettingsCommand({
      UserPoolId: poolId,
      Username: username,
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
    }),
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.deepEqual(user.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  const res = await passwordAuth(t, clientId, username);
  assert.equal(res.ChallengeName, 'SMS_MFA');
  const sms = await lastMessage(t, phone as string);
  const done = await respond(t, clientId, 'SMS_MFA', res.Session, {
    USERNAME: username,
    SMS_MFA_CODE: sms.code as string,
  });
  assert.ok(done.AuthenticationResult);
});

test('MFAOptions is required; an unknown user is UserNotFoundException', async () => {
  const { username } = await mfaUser(t, poolId);
  await rejects(
    t.admin.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: username } as never),
    ),
    'InvalidParameterException',
    /Value null at 'mFAOptions' failed to satisfy constraint: Member must not be null/,
  );
  await rejects(
    t.admin.send(
      new AdminSetUserSettingsCommand({
        UserPoolId: poolId,
        Username: 'nobody-here',
        MFAOptions: [],
      }),
    ),
    'UserNotFoundException',
  );
});
