// SetUserPoolMfaConfig: the factors a pool offers, Cognito's rules for them, and how
// CreateUserPool, UpdateUserPool and DescribeUserPool see the same settings.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  type SetUserPoolMfaConfigRequest,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, rejects, startTestServer, type TestServer } from '../support/index.ts';
import { SMS_CONFIGURATION } from './mfa-helpers.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const set = (poolId: string, input: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>) =>
  t.admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...input }));
const get = (poolId: string) =>
  t.admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
const strip = <T extends { $metadata?: unknown }>(res: T) => {
  const { $metadata: _m, ...rest } = res;
  return rest;
};

test('a new pool has MFA off', async () => {
  const pool = await createPool(t);
  assert.deepEqual(strip(await get(pool.Id)), { MfaConfiguration: 'OFF' });
});

test('every factor on: the answer and GetUserPoolMfaConfig show them', async () => {
  const pool = await createPool(t);
  const input = {
    MfaConfiguration: 'ON',
    SmsMfaConfiguration: {
      SmsAuthenticationMessage: 'Sign-in code {####}',
      SmsConfiguration: SMS_CONFIGURATION,
    },
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: { Subject: 'Sign-in code', Message: 'Your code is {####}.' },
  } as const;
  const expected = {
    SmsMfaConfiguration: input.SmsMfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: input.EmailMfaConfiguration,
    MfaConfiguration: 'ON',
  };
  assert.deepEqual(strip(await set(pool.Id, input)), expected);
  assert.deepEqual(strip(await get(pool.Id)), expected);
  // DescribeUserPool shows the mode and the SMS settings, not the other factors.
  const { UserPool } = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(UserPool?.MfaConfiguration, 'ON');
  assert.equal(UserPool?.SmsAuthenticationMessage, 'Sign-in code {####}');
  assert.deepEqual(UserPool?.SmsConfiguration, SMS_CONFIGURATION);
  assert.equal((UserPool as Record<string, unknown>).MfaFactors, undefined);
});

test('factors are replaced as a whole: one left out is turned off', async () => {
  const pool = await createPool(t);
  await set(pool.Id, {
    MfaConfiguration: 'OPTIONAL',
    SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION },
    SoftwareTokenMfaConfiguration: { Enabled: true },
  });
  const res = await set(pool.Id, {
    MfaConfiguration: 'OPTIONAL',
    SoftwareTokenMfaConfiguration: { Enabled: true },
  });
  assert.deepEqual(strip(res), {
    SoftwareTokenMfaConfiguration: { Enabled: true },
    MfaConfiguration: 'OPTIONAL',
  });
  // The SMS sending settings stay for verification messages.
  const { UserPool } = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(UserPool?.SmsConfiguration, SMS_CONFIGURATION);
});

test("Cognito's rules: no factor, factors with MFA off, SMS without its role", async () => {
  const pool = await createPool(t);
  await rejects(
    set(pool.Id, { MfaConfiguration: 'ON' }),
    'InvalidParameterException',
    "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
  );
  await rejects(
    set(pool.Id, {
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: false },
    }),
    'InvalidParameterException',
    /can't disable all MFAs/,
  );
  await rejects(
    set(pool.Id, { MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true } }),
    'InvalidParameterException',
    "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
  );
  await rejects(
    set(pool.Id, { MfaConfiguration: 'OFF', EmailMfaConfiguration: {} }),
    'InvalidParameterException',
    /can't turn off MFA and configure an MFA together/,
  );
  await rejects(
    set(pool.Id, {
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: SMS_CONFIGURATION.SnsCallerArn } },
    }),
    'InvalidParameterException',
    'Invalid SMS MFA configuration given, external id and a valid caller arn are required',
  );
  await rejects(
    set(pool.Id, { MfaConfiguration: 'ON', SmsMfaConfiguration: {} }),
    'InvalidParameterException',
    /external id and a valid caller arn are required/,
  );
  // Passkeys are not available here: refused rather than ignored.
  await rejects(
    set(pool.Id, {
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      WebAuthnConfiguration: { RelyingPartyId: 'example.com' },
    }),
    'InvalidParameterException',
    /WebAuthnConfiguration is not supported/,
  );
  // Nothing of that changed the pool.
  assert.deepEqual(strip(await get(pool.Id)), { MfaConfiguration: 'OFF' });
});

test('model validation of the members, in Cognito words', async () => {
  const pool = await createPool(t);
  await rejects(
    set(pool.Id, {
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: 'no placeholder',
        SmsConfiguration: SMS_CONFIGURATION,
      },
    }),
    'InvalidParameterException',
    /smsMfaConfiguration\.smsAuthenticationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  await rejects(
    set(pool.Id, {
      MfaConfiguration: 'ON',
      EmailMfaConfiguration: { Message: 'no placeholder here' },
    }),
    'InvalidParameterException',
    /emailMfaConfiguration\.message' failed to satisfy constraint/,
  );
  await rejects(
    set(pool.Id, { MfaConfiguration: 'MAYBE' as 'ON' }),
    'InvalidParameterException',
    /Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: \[OFF, ON, OPTIONAL\]/,
  );
  await rejects(
    t.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: 'us-east-1_nothere00',
        MfaConfiguration: 'OFF',
      }),
    ),
    'ResourceNotFoundException',
  );
});

test('CreateUserPool with MFA turns SMS on, and UpdateUserPool keeps TOTP and email', async () => {
  const pool = await createPool(t, {
    MfaConfiguration: 'OPTIONAL',
    SmsConfiguration: SMS_CONFIGURATION,
    SmsAuthenticationMessage: 'Code {####}',
  });
  assert.deepEqual(strip(await get(pool.Id)), {
    SmsMfaConfiguration: {
      SmsAuthenticationMessage: 'Code {####}',
      SmsConfiguration: SMS_CONFIGURATION,
    },
    SoftwareTokenMfaConfiguration: { Enabled: false },
    MfaConfiguration: 'OPTIONAL',
  });
  await set(pool.Id, {
    MfaConfiguration: 'ON',
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: {},
  });
  // UpdateUserPool has no member for TOTP or email: they stay as they were.
  await t.admin.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON' }));
  assert.deepEqual(strip(await get(pool.Id)), {
    SoftwareTokenMfaConfiguration: { Enabled: true },
    EmailMfaConfiguration: {},
    MfaConfiguration: 'ON',
  });
  // Off, then on again: the factors come back.
  await t.admin.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(strip(await get(pool.Id)), { MfaConfiguration: 'OFF' });
  await t.admin.send(
    new UpdateUserPoolCommand({
      UserPoolId: pool.Id,
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: SMS_CONFIGURATION,
    }),
  );
  const back = await get(pool.Id);
  assert.equal(back.SoftwareTokenMfaConfiguration?.Enabled, true);
  assert.deepEqual(back.SmsMfaConfiguration, { SmsConfiguration: SMS_CONFIGURATION });
});

test('UpdateUserPool refuses MFA ON or OPTIONAL with no factor to offer', async () => {
  const pool = await createPool(t);
  await rejects(
    t.admin.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON' })),
    'InvalidParameterException',
    'SMS configuration is required when MfaConfiguration is ON or OPTIONAL.',
  );
  await rejects(
    createPool(t, { MfaConfiguration: 'ON' }),
    'InvalidParameterException',
    'SMS configuration is required when MfaConfiguration is ON or OPTIONAL.',
  );
  const { UserPool } = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(UserPool?.MfaConfiguration, 'OFF');
});
