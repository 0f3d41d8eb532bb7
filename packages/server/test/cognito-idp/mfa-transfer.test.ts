// A pool with MFA moves to another server (CognateExportUserPool, CognateImportUserPool) and its
// users keep their factors: the authenticator app still signs in, no re-enrolment.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  GetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejects, signedPost, startTestServer, type TestServer } from '../support/index.ts';
import { mfaPool, mfaUser, passwordAuth, respond, totpCode, verifiedTotp } from './mfa-helpers.ts';

let a: TestServer;
let b: TestServer;
before(async () => {
  a = await startTestServer();
  b = await startTestServer();
});
after(async () => {
  await a.close();
  await b.close();
});

test('factors, preference and the authenticator secret move with the pool', async () => {
  // Both servers' clocks stand still at one instant, so the authenticator's 30 s step cannot
  // turn between the code used on A and the replay on B.
  a.clock.freeze();
  b.clock.freeze();
  b.clock.advance(a.clock.now() - b.clock.now());
  try {
    await moveAndSignIn();
  } finally {
    a.clock.thaw();
    b.clock.thaw();
  }
});

async function moveAndSignIn() {
  const { poolId, clientId } = await mfaPool(a, { mode: 'OPTIONAL', sms: true, totp: true });
  const { username } = await mfaUser(a, poolId);
  const { secret } = await verifiedTotp(a, clientId, username);
  await a.admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true },
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  const page = await signedPost(a, 'CognateExportUserPool', JSON.stringify({ UserPoolId: poolId }));
  assert.equal(page.status, 200);
  const exported = (page.body.Users as { Username: string; Mfa?: Record<string, unknown> }[]).find(
    (u) => u.Username === username,
  );
  assert.equal(exported?.Mfa?.SoftwareTokenSecret, secret);
  const imported = await signedPost(
    b,
    'CognateImportUserPool',
    JSON.stringify({ Pool: page.body.Pool, Users: page.body.Users }),
  );
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const config = await b.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
  assert.equal(config.SoftwareTokenMfaConfiguration?.Enabled, true);
  assert.ok(config.SmsMfaConfiguration);
  const user = await b.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.deepEqual(user.UserMFASettingList, ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  assert.equal(user.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  // The code used on A cannot be replayed on B; the next one signs in.
  const res = await passwordAuth(b, clientId, username);
  assert.equal(res.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  await rejects(
    respond(b, clientId, 'SOFTWARE_TOKEN_MFA', res.Session, {
      USERNAME: username,
      SOFTWARE_TOKEN_MFA_CODE: totpCode(b, secret),
    }),
    'CodeMismatchException',
  );
  const done = await respond(b, clientId, 'SOFTWARE_TOKEN_MFA', res.Session, {
    USERNAME: username,
    SOFTWARE_TOKEN_MFA_CODE: totpCode(b, secret, 1),
  });
  assert.ok(done.AuthenticationResult);
}

test('a malformed Mfa member is refused and imports nothing', async () => {
  const { poolId } = await mfaPool(a, { mode: 'OPTIONAL', totp: true });
  await mfaUser(a, poolId);
  const page = await signedPost(a, 'CognateExportUserPool', JSON.stringify({ UserPoolId: poolId }));
  const users = (page.body.Users as Record<string, unknown>[]).map((u) => ({
    ...u,
    Mfa: {
      SmsMfaEnabled: false,
      SoftwareTokenMfaEnabled: true,
      EmailMfaEnabled: false,
      PreferencesSet: true,
      SoftwareTokenLastStep: 0,
    },
  }));
  const res = await signedPost(
    b,
    'CognateImportUserPool',
    JSON.stringify({ Pool: page.body.Pool, Users: users }),
  );
  assert.equal(res.body.__type, 'InvalidParameterException');
  assert.match(String(res.body.message), /Users\.1\.Mfa\.SoftwareTokenSecret/);
  await rejects(
    b.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId })),
    'ResourceNotFoundException',
  );
});
