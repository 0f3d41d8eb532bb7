// GetUserPoolMfaConfig: the pool's MFA mode and factors (what it shows after each setting is in
// setUserPoolMfaConfig.test.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejects, startTestServer, type TestServer } from '../support/index.ts';
import { mfaPool } from './mfa-helpers.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

test('shows the factors a pool offers', async () => {
  const { poolId } = await mfaPool(t, { mode: 'OPTIONAL', totp: true, email: true });
  const res = await t.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
  assert.equal(res.MfaConfiguration, 'OPTIONAL');
  assert.deepEqual(res.SoftwareTokenMfaConfiguration, { Enabled: true });
  assert.deepEqual(res.EmailMfaConfiguration, { Subject: 'Your code', Message: 'Code: {####}' });
  assert.equal(res.SmsMfaConfiguration, undefined);
});

test('an unknown pool is ResourceNotFoundException, a malformed id a validation error', async () => {
  await rejects(
    t.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: 'us-east-1_nothere00' })),
    'ResourceNotFoundException',
    'User pool us-east-1_nothere00 does not exist.',
  );
  await rejects(
    t.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: 'not a pool' })),
    'InvalidParameterException',
    /at 'userPoolId' failed to satisfy constraint/,
  );
});
