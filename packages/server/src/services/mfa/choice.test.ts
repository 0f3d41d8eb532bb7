import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from '../../model/user.ts';
import type { UserPoolSettings } from '../../model/user-pool.ts';
import type { UserMfa } from '../../store/repositories/user-mfa.ts';
import { chooseMfaStep } from './choice.ts';
import { noMfa } from './user-settings.ts';

const SMS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'x' };

function pool(mode: 'OFF' | 'ON' | 'OPTIONAL', factors = { sms: true, totp: true, email: true }) {
  return {
    MfaConfiguration: mode,
    SmsConfiguration: SMS,
    MfaFactors: {
      Sms: factors.sms,
      SoftwareToken: factors.totp,
      ...(factors.email && { Email: {} }),
    },
  } as unknown as UserPoolSettings;
}

function user(
  attributes: Record<string, string> = { phone_number: '+15555550100', email: 'a@b.c' },
) {
  return { id: 'u1', userPoolId: 'p', attributes } as unknown as User;
}

function mfa(over: Partial<UserMfa> = {}): UserMfa {
  return { ...noMfa({ id: 'u1', userPoolId: 'p' }), ...over };
}

test('MFA OFF asks nothing, whatever the user turned on', () => {
  assert.deepEqual(chooseMfaStep(pool('OFF'), user(), mfa({ sms: true })), { kind: 'none' });
});

test('OPTIONAL: only what the user turned on, the preferred one first', () => {
  const p = pool('OPTIONAL');
  assert.deepEqual(chooseMfaStep(p, user(), mfa()), { kind: 'none' });
  assert.deepEqual(chooseMfaStep(p, user(), mfa({ sms: true })), {
    kind: 'factor',
    factor: 'SMS_MFA',
  });
  const both = mfa({ sms: true, totp: true, totpSecret: 'v1.x' });
  assert.deepEqual(chooseMfaStep(p, user(), both), {
    kind: 'select',
    options: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
  });
  assert.deepEqual(chooseMfaStep(p, user(), { ...both, preferred: 'SOFTWARE_TOKEN_MFA' }), {
    kind: 'factor',
    factor: 'SOFTWARE_TOKEN_MFA',
  });
});

test('a factor the pool no longer offers, or the user cannot receive, is left out', () => {
  const noSms = pool('OPTIONAL', { sms: false, totp: true, email: false });
  assert.deepEqual(chooseMfaStep(noSms, user(), mfa({ sms: true })), { kind: 'none' });
  assert.deepEqual(chooseMfaStep(pool('OPTIONAL'), user({}), mfa({ sms: true, email: true })), {
    kind: 'none',
  });
  // Enabled without a verified app: nothing to ask with.
  assert.deepEqual(chooseMfaStep(pool('OPTIONAL'), user(), mfa({ totp: true })), { kind: 'none' });
});

test('ON: what the user can receive serves; with nothing, MFA_SETUP lists the pool factors', () => {
  const smsOnly = pool('ON', { sms: true, totp: false, email: false });
  assert.deepEqual(chooseMfaStep(smsOnly, user(), mfa()), { kind: 'factor', factor: 'SMS_MFA' });
  assert.deepEqual(chooseMfaStep(pool('ON'), user({}), mfa()), {
    kind: 'setup',
    options: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
  });
  assert.deepEqual(chooseMfaStep(pool('ON'), user({ email: 'a@b.c' }), mfa()), {
    kind: 'factor',
    factor: 'EMAIL_OTP',
  });
});

test('a pool configured by CreateUserPool alone offers SMS when it has an SMS configuration', () => {
  const created = { MfaConfiguration: 'ON', SmsConfiguration: SMS } as unknown as UserPoolSettings;
  assert.deepEqual(chooseMfaStep(created, user(), mfa()), { kind: 'factor', factor: 'SMS_MFA' });
});
