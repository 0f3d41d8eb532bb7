import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type {
  CreateUserPoolClientRequest,
  CreateUserPoolRequest,
  SchemaAttributeType,
  UpdateUserPoolClientRequest,
  UpdateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognateError } from '../errors.ts';
import {
  createClientSettings,
  effectiveAuthFlows,
  isAuthFlowAllowed,
  newClientId,
  newClientSecret,
  preventUserExistenceErrors,
  tokenValiditySeconds,
  toUserPoolClientDescription,
  toUserPoolClientType,
  updateClientSettings,
} from './client-settings.ts';
import {
  createUserPoolSettings,
  newUserPoolId,
  toUserPoolDescriptionType,
  toUserPoolType,
  updateUserPoolSettings,
  withCustomAttributes,
} from './settings.ts';

/** Asserts `fn` throws Cognito's `code`, optionally with exactly `message` (or matching it). */
function throwsCognito(fn: () => unknown, code: string, message?: string | RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CognateError, `expected a CognateError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}
const invalid = (fn: () => unknown, message?: string | RegExp) =>
  throwsCognito(fn, 'InvalidParameterException', message);

// Wire input is untyped JSON; these casts let tests send what a careless client might.
const pool = (input: Record<string, unknown>) =>
  createUserPoolSettings({ PoolName: 'pool', ...input } as CreateUserPoolRequest);
const updatePool = (current: ReturnType<typeof pool>, input: Record<string, unknown>) =>
  updateUserPoolSettings(current, { UserPoolId: 'us-east-1_x', ...input } as UpdateUserPoolRequest);
const client = (input: Record<string, unknown>, p = pool({})) =>
  createClientSettings(
    { UserPoolId: 'us-east-1_x', ClientName: 'app', ...input } as CreateUserPoolClientRequest,
    p,
  );

// ---------- user pools ----------

test('a pool created with only a name has Cognito defaults', () => {
  const s = pool({});
  assert.deepEqual(s.Policies, {
    PasswordPolicy: {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    },
    SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
  });
  assert.equal(s.DeletionProtection, 'INACTIVE');
  assert.deepEqual(s.LambdaConfig, {});
  assert.equal(s.MfaConfiguration, 'OFF');
  assert.deepEqual(s.EmailConfiguration, { EmailSendingAccount: 'COGNITO_DEFAULT' });
  assert.deepEqual(s.AdminCreateUserConfig, {
    AllowAdminCreateUserOnly: false,
    UnusedAccountValidityDays: 7,
  });
  assert.deepEqual(s.VerificationMessageTemplate, { DefaultEmailOption: 'CONFIRM_WITH_CODE' });
  assert.deepEqual(s.UserAttributeUpdateSettings, {
    AttributesRequireVerificationBeforeUpdate: [],
  });
  assert.deepEqual(s.UserPoolTags, {});
  assert.equal(s.UserPoolTier, 'ESSENTIALS');
  // What an API-created pool does not report stays absent.
  for (const key of [
    'UsernameConfiguration',
    'UsernameAttributes',
    'AliasAttributes',
    'AutoVerifiedAttributes',
    'EmailVerificationMessage',
    'SmsAuthenticationMessage',
    'AccountRecoverySetting',
    'DeviceConfiguration',
    'UserPoolAddOns',
    'SmsConfiguration',
  ]) {
    assert.equal(key in s, false, key);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s, 'settings are plain JSON');
});

test('the schema lists every standard attribute with its real shape', () => {
  const s = pool({});
  assert.deepEqual(
    s.SchemaAttributes.map((a) => a.Name),
    [
      'sub',
      'name',
      'given_name',
      'family_name',
      'middle_name',
      'nickname',
      'preferred_username',
      'profile',
      'picture',
      'website',
      'email',
      'email_verified',
      'gender',
      'birthdate',
      'zoneinfo',
      'locale',
      'phone_number',
      'phone_number_verified',
      'address',
      'updated_at',
    ],
  );
  const byName = new Map(s.SchemaAttributes.map((a) => [a.Name, a]));
  assert.deepEqual(byName.get('sub'), {
    Name: 'sub',
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: false,
    Required: true,
    StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
  });
  assert.deepEqual(byName.get('birthdate')?.StringAttributeConstraints, {
    MinLength: '10',
    MaxLength: '10',
  });
  assert.deepEqual(byName.get('email_verified'), {
    Name: 'email_verified',
    AttributeDataType: 'Boolean',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  });
  assert.deepEqual(byName.get('updated_at')?.NumberAttributeConstraints, { MinValue: '0' });
});

test('pool names follow UserPoolNameType', () => {
  invalid(
    () => pool({ PoolName: 'a/b' }),
    "1 validation error detected: Value 'a/b' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
  );
  invalid(
    () => pool({ PoolName: '' }),
    "2 validation errors detected: Value '' at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value '' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
  );
  invalid(() => pool({ PoolName: 'x'.repeat(129) }), /less than or equal to 128$/);
  invalid(
    () => pool({ PoolName: undefined }),
    "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
  );
  invalid(() => pool({ PoolName: 42 }));
  assert.ok(pool({ PoolName: 'My pool+=,.@-_1' }));
});

test('malformed members are InvalidParameterException, never a crash', () => {
  invalid(() => createUserPoolSettings(null as unknown as CreateUserPoolRequest));
  invalid(() => pool({ Policies: 'strict' }));
  invalid(() => pool({ Policies: { PasswordPolicy: { MinimumLength: '8' } } }));
  invalid(() => pool({ Policies: { PasswordPolicy: { RequireSymbols: 'yes' } } }));
  invalid(() => pool({ AutoVerifiedAttributes: 'email' }));
  invalid(() => pool({ Schema: [42] }));
  invalid(() => pool({ Schema: [{ Name: 7, AttributeDataType: 'String' }] }));
  invalid(() => pool({ UserPoolTags: { team: 5 } }));
  invalid(
    () => pool({ MfaConfiguration: 'MAYBE' }),
    "1 validation error detected: Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
  );
  invalid(() => pool({ LambdaConfig: { PreSignUp: 'not-an-arn' } }), /at 'lambdaConfig.preSignUp'/);
});

test('alias and username attributes are mutually exclusive', () => {
  invalid(
    () => pool({ UsernameAttributes: ['email'], AliasAttributes: ['preferred_username'] }),
    'Only one of aliasAttributes or usernameAttributes can be set in a user pool.',
  );
  invalid(
    () => pool({ UsernameAttributes: ['preferred_username'] }),
    /enum value set: \[phone_number, email\]/,
  );
  const s = pool({ AliasAttributes: ['email', 'preferred_username'] });
  assert.deepEqual(s.AliasAttributes, ['email', 'preferred_username']);
});

test('UsernameConfiguration is kept only when given', () => {
  assert.deepEqual(
    pool({ UsernameConfiguration: { CaseSensitive: false } }).UsernameConfiguration,
    {
      CaseSensitive: false,
    },
  );
  invalid(
    () => pool({ UsernameConfiguration: {} }),
    /'usernameConfiguration.caseSensitive'.*not be null/,
  );
});

test('password policy: bounds, partial policies, temporary password lifetime', () => {
  invalid(
    () => pool({ Policies: { PasswordPolicy: { MinimumLength: 5 } } }),
    "1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6",
  );
  const partial = pool({
    Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true } },
  });
  assert.deepEqual(partial.Policies.PasswordPolicy, {
    MinimumLength: 12,
    RequireUppercase: false,
    RequireLowercase: false,
    RequireNumbers: true,
    RequireSymbols: false,
    TemporaryPasswordValidityDays: 7,
  });
  const zero = pool({ Policies: { PasswordPolicy: { TemporaryPasswordValidityDays: 0 } } });
  assert.equal(zero.Policies.PasswordPolicy.TemporaryPasswordValidityDays, 7);
  const legacy = pool({ AdminCreateUserConfig: { UnusedAccountValidityDays: 3 } });
  assert.equal(legacy.Policies.PasswordPolicy.TemporaryPasswordValidityDays, 3);
  assert.equal(legacy.AdminCreateUserConfig.UnusedAccountValidityDays, 3);
  invalid(
    () =>
      pool({
        Policies: { PasswordPolicy: { TemporaryPasswordValidityDays: 2 } },
        AdminCreateUserConfig: { UnusedAccountValidityDays: 3 },
      }),
    'Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays',
  );
});

test('MFA ON or OPTIONAL at creation needs an SMS configuration', () => {
  invalid(() => pool({ MfaConfiguration: 'ON' }));
  const s = pool({
    MfaConfiguration: 'OPTIONAL',
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'x' },
  });
  assert.equal(s.MfaConfiguration, 'OPTIONAL');
  assert.deepEqual(s.SmsConfiguration, {
    SnsCallerArn: 'arn:aws:iam::123456789012:role/sms',
    ExternalId: 'x',
  });
});

test('verification messages need {####} and are reported in both places', () => {
  invalid(
    () => pool({ EmailVerificationMessage: 'Welcome aboard' }),
    /at 'emailVerificationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  invalid(() => pool({ VerificationMessageTemplate: { SmsMessage: 'code: ####' } }), /smsMessage/);
  invalid(() => pool({ SmsAuthenticationMessage: 'no code' }), /smsAuthenticationMessage/);
  const legacy = pool({ EmailVerificationMessage: 'Code {####}', EmailVerificationSubject: 'Hi' });
  assert.deepEqual(legacy.VerificationMessageTemplate, {
    EmailMessage: 'Code {####}',
    EmailSubject: 'Hi',
    DefaultEmailOption: 'CONFIRM_WITH_CODE',
  });
  const template = pool({
    VerificationMessageTemplate: {
      SmsMessage: 'SMS {####}',
      EmailMessageByLink: 'Click {##here##}',
      DefaultEmailOption: 'CONFIRM_WITH_LINK',
    },
  });
  assert.equal(template.SmsVerificationMessage, 'SMS {####}');
  assert.equal(template.VerificationMessageTemplate.DefaultEmailOption, 'CONFIRM_WITH_LINK');
  invalid(() => pool({ VerificationMessageTemplate: { EmailMessageByLink: 'Click here' } }));
});

test('attributes that require verification before update must be auto-verified', () => {
  invalid(() =>
    pool({ UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } }),
  );
  const s = pool({
    AutoVerifiedAttributes: ['email'],
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
  });
  assert.deepEqual(s.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, [
    'email',
  ]);
});

test('custom attributes in the schema get the custom: prefix and their constraints as given', () => {
  const s = pool({
    Schema: [
      {
        Name: 'tenant',
        AttributeDataType: 'String',
        StringAttributeConstraints: { MaxLength: '64' },
      },
      { Name: 'custom:level', AttributeDataType: 'Number', Mutable: false },
      { Name: 'vip', AttributeDataType: 'Boolean' },
      { Name: 'email', Required: true },
    ],
  });
  const custom = s.SchemaAttributes.slice(20);
  assert.deepEqual(custom, [
    {
      Name: 'custom:tenant',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: { MaxLength: '64' },
    },
    {
      Name: 'custom:level',
      AttributeDataType: 'Number',
      DeveloperOnlyAttribute: false,
      Mutable: false,
      Required: false,
      NumberAttributeConstraints: {},
    },
    {
      Name: 'custom:vip',
      AttributeDataType: 'Boolean',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
    },
  ]);
  const email = s.SchemaAttributes.find((a) => a.Name === 'email');
  assert.equal(email?.Required, true);
  assert.deepEqual(email?.StringAttributeConstraints, { MinLength: '0', MaxLength: '2048' });
  assert.equal(s.SchemaAttributes.length, 23);
});

test('schema rules: required custom, names, types, constraints, duplicates', () => {
  invalid(
    () => pool({ Schema: [{ Name: 'x', AttributeDataType: 'String', Required: true }] }),
    'Required custom attributes are not supported currently.',
  );
  invalid(
    () => pool({ Schema: [{ Name: 'x'.repeat(21), AttributeDataType: 'String' }] }),
    /at 'schema.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20/,
  );
  invalid(() => pool({ Schema: [{ Name: 'x' }] }), /Invalid AttributeDataType input/);
  invalid(() => pool({ Schema: [{ Name: 'x', AttributeDataType: 'Text' }] }), /enum value set/);
  invalid(
    () => pool({ Schema: [{ Name: 'email', AttributeDataType: 'Number' }] }),
    'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
  );
  invalid(() => pool({ Schema: [{ Name: 'email', DeveloperOnlyAttribute: true }] }));
  invalid(
    () =>
      pool({
        Schema: [
          {
            Name: 'x',
            AttributeDataType: 'String',
            StringAttributeConstraints: { MinLength: '9', MaxLength: '3' },
          },
        ],
      }),
    'user.custom:x: Max length cannot be less than min length.',
  );
  invalid(
    () =>
      pool({
        Schema: [
          {
            Name: 'x',
            AttributeDataType: 'String',
            StringAttributeConstraints: { MaxLength: '4096' },
          },
        ],
      }),
    /cannot have a length of more than 2048/,
  );
  invalid(
    () =>
      pool({
        Schema: [
          {
            Name: 'x',
            AttributeDataType: 'Number',
            NumberAttributeConstraints: { MinValue: 'low' },
          },
        ],
      }),
    'Invalid NumberAttributeConstraints for schema attribute custom:x',
  );
  invalid(
    () =>
      pool({
        Schema: [
          { Name: 'x', AttributeDataType: 'String' },
          { Name: 'custom:x', AttributeDataType: 'String' },
        ],
      }),
    'custom:x: Existing attribute already has name custom:x.',
  );
  invalid(
    () => pool({ Schema: [] }),
    /'schema' failed to satisfy constraint: Member must have length greater than or equal to 1/,
  );
  // phone_number_verified is 21 characters: the 20-character limit is for custom names only.
  assert.ok(pool({ Schema: [{ Name: 'phone_number_verified', Mutable: true }] }));
});

test('withCustomAttributes appends, refuses duplicates and the 51st attribute', () => {
  const base = pool({ Schema: [{ Name: 'tier', AttributeDataType: 'String' }] });
  const next = withCustomAttributes(base, [
    { Name: 'plan', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
  ]);
  assert.equal(base.SchemaAttributes.length, 21, 'current settings are not modified');
  assert.deepEqual(next.SchemaAttributes.at(-1), {
    Name: 'custom:plan',
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: true,
    Mutable: true,
    Required: false,
    StringAttributeConstraints: {},
  });
  invalid(
    () => withCustomAttributes(next, [{ Name: 'tier', AttributeDataType: 'Number' }]),
    'custom:tier: Existing attribute already has name custom:tier.',
  );
  invalid(() => withCustomAttributes(next, []), /customAttributes/);
  invalid(() =>
    withCustomAttributes(next, [{ Name: 'x', AttributeDataType: 'String', Required: true }]),
  );
  const batch = (from: number, n: number): SchemaAttributeType[] =>
    Array.from({ length: n }, (_, i) => ({ Name: `a${from + i}`, AttributeDataType: 'String' }));
  let s = withCustomAttributes(pool({}), batch(0, 25));
  s = withCustomAttributes(s, batch(25, 25));
  assert.equal(s.SchemaAttributes.length, 70);
  invalid(() => withCustomAttributes(s, batch(50, 1)), /at most 50 custom attributes/);
});

test('UpdateUserPool resets what it is not given and keeps what cannot change', () => {
  const current = pool({
    Policies: { PasswordPolicy: { MinimumLength: 12 } },
    LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre' },
    AutoVerifiedAttributes: ['email'],
    UsernameAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    Schema: [{ Name: 'tenant', AttributeDataType: 'String' }],
    DeletionProtection: 'ACTIVE',
    MfaConfiguration: 'OPTIONAL',
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' },
    UserPoolTags: { team: 'a' },
    UserPoolTier: 'PLUS',
  });
  const next = updatePool(current, { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
  assert.equal(next.AdminCreateUserConfig.AllowAdminCreateUserOnly, true);
  assert.deepEqual(next.Policies, pool({}).Policies);
  assert.deepEqual(next.LambdaConfig, {});
  assert.equal(next.AutoVerifiedAttributes, undefined);
  assert.equal(next.DeletionProtection, 'INACTIVE');
  assert.equal(next.MfaConfiguration, 'OFF');
  assert.equal(next.SmsConfiguration, undefined);
  assert.deepEqual(next.UserPoolTags, {});
  // Kept: not updatable, or (UserPoolTier) kept by Cognito when omitted.
  assert.deepEqual(next.SchemaAttributes, current.SchemaAttributes);
  assert.deepEqual(next.UsernameAttributes, ['email']);
  assert.deepEqual(next.UsernameConfiguration, { CaseSensitive: false });
  assert.equal(next.UserPoolTier, 'PLUS');
  assert.notEqual(next.SchemaAttributes, current.SchemaAttributes, 'no shared objects');
  assert.equal(updatePool(current, { UserPoolTier: 'LITE' }).UserPoolTier, 'LITE');
  invalid(() => updatePool(current, { PoolName: 'bad/name' }), /'poolName'/);
  assert.ok(updatePool(current, { PoolName: 'renamed' }));
});

test('optional pool sections are validated and stored as Cognito reports them', () => {
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:pre-token';
  const s = pool({
    LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn } },
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
    UserPoolTags: { team: 'auth' },
    UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: true,
      InviteMessageTemplate: { EmailSubject: 'Welcome', EmailMessage: 'Hi {username}, {####}' },
    },
  });
  // The legacy PreTokenGeneration member mirrors the versioned configuration.
  assert.deepEqual(s.LambdaConfig, {
    PreTokenGeneration: arn,
    PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn },
  });
  assert.deepEqual(s.DeviceConfiguration, {
    ChallengeRequiredOnNewDevice: true,
    DeviceOnlyRememberedOnUserPrompt: false,
  });
  assert.deepEqual(s.AccountRecoverySetting, {
    RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }],
  });
  assert.deepEqual(s.UserPoolTags, { team: 'auth' });
  assert.deepEqual(s.UserPoolAddOns, { AdvancedSecurityMode: 'AUDIT' });
  assert.deepEqual(s.AdminCreateUserConfig, {
    AllowAdminCreateUserOnly: true,
    UnusedAccountValidityDays: 7,
    InviteMessageTemplate: { EmailMessage: 'Hi {username}, {####}', EmailSubject: 'Welcome' },
  });
  invalid(() =>
    pool({
      LambdaConfig: {
        PreTokenGeneration: 'arn:aws:lambda:us-east-1:123456789012:function:other',
        PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn },
      },
    }),
  );
  invalid(
    () =>
      pool({ LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V9', LambdaArn: arn } } }),
    /lambdaConfig.preTokenGenerationConfig.lambdaVersion/,
  );
  invalid(
    () =>
      pool({
        AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 3, Name: 'admin_only' }] },
      }),
    /accountRecoverySetting.recoveryMechanisms.1.member.priority/,
  );
  invalid(() => pool({ UserPoolAddOns: {} }), /userPoolAddOns.advancedSecurityMode/);
  invalid(() => pool({ UserPoolTags: { ['k'.repeat(129)]: 'v' } }));
  invalid(() => pool({ EmailConfiguration: { EmailSendingAccount: 'SES' } }), /emailConfiguration/);
  invalid(() => pool({ SmsConfiguration: {} }), /smsConfiguration.snsCallerArn.*not be null/);
});

const record = (settings = pool({})) => ({
  id: 'us-east-1_AbCdEf123',
  name: 'pool',
  arnRegion: 'us-east-1',
  accountId: '123456789012',
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-01-02T00:00:00Z'),
  estimatedNumberOfUsers: 3,
  settings,
});

test('toUserPoolType reports the pool as DescribeUserPool does', () => {
  const r = record();
  const out = toUserPoolType(r);
  assert.equal(out.Id, 'us-east-1_AbCdEf123');
  assert.equal(out.Name, 'pool');
  assert.equal(out.Arn, 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123');
  assert.ok(out.CreationDate instanceof Date);
  assert.equal(out.LastModifiedDate?.toISOString(), '2024-01-02T00:00:00.000Z');
  assert.equal(out.EstimatedNumberOfUsers, 3);
  assert.equal(out.SchemaAttributes?.length, 20);
  assert.equal(out.MfaConfiguration, 'OFF');
  assert.equal(out.UserPoolTier, 'ESSENTIALS');
  assert.equal('Domain' in out, false);
  assert.equal('UsernameConfiguration' in out, false);
  out.SchemaAttributes?.pop();
  assert.equal(r.settings.SchemaAttributes.length, 20, 'the response does not alias the settings');
  assert.deepEqual(toUserPoolDescriptionType(r), {
    Id: 'us-east-1_AbCdEf123',
    Name: 'pool',
    LambdaConfig: {},
    LastModifiedDate: r.updatedAt,
    CreationDate: r.createdAt,
  });
});

test('newUserPoolId looks like Cognito pool ids', () => {
  for (let i = 0; i < 50; i++) {
    assert.match(newUserPoolId('eu-west-2', randomBytes), /^eu-west-2_[0-9A-Za-z]{9}$/);
  }
  // Bytes 62 and 63 (mod 64) fall outside the alphabet and are drawn again.
  let call = 0;
  const rigged = (n: number) => Buffer.alloc(n, call++ === 0 ? 63 : 0);
  assert.equal(newUserPoolId('us-east-1', rigged), 'us-east-1_AAAAAAAAA');
});

// ---------- app clients ----------

test('a client created with only a name has Cognito defaults', () => {
  const s = client({});
  assert.deepEqual(s, {
    ClientName: 'app',
    HasSecret: false,
    RefreshTokenValidity: 30,
    TokenValidityUnits: {},
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  });
  assert.deepEqual(tokenValiditySeconds(s), { access: 3600, id: 3600, refresh: 30 * 86400 });
  assert.equal(preventUserExistenceErrors(s), 'LEGACY');
  assert.deepEqual(effectiveAuthFlows(s), [
    'ALLOW_REFRESH_TOKEN_AUTH',
    'ALLOW_USER_SRP_AUTH',
    'ALLOW_CUSTOM_AUTH',
  ]);
});

test('client names follow ClientNameType', () => {
  invalid(
    () => client({ ClientName: 'bad/name' }),
    /at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  invalid(() => client({ ClientName: undefined }), /Value null at 'clientName'.*not be null/);
  invalid(() => client({ ClientName: ['app'] }));
});

test('token validity: units, defaults and Cognito ranges', () => {
  const minutes = client({
    AccessTokenValidity: 15,
    IdTokenValidity: 1,
    RefreshTokenValidity: 10,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'days', RefreshToken: 'hours' },
  });
  assert.deepEqual(tokenValiditySeconds(minutes), { access: 900, id: 86400, refresh: 36000 });
  // Without units: hours for access and ID, days for refresh.
  assert.deepEqual(
    tokenValiditySeconds(client({ AccessTokenValidity: 2, RefreshTokenValidity: 1 })),
    {
      access: 7200,
      id: 3600,
      refresh: 86400,
    },
  );
  // RefreshTokenValidity 0 means the 30-day default, in the unit chosen.
  assert.equal(client({ RefreshTokenValidity: 0 }).RefreshTokenValidity, 30);
  const hours = client({ TokenValidityUnits: { RefreshToken: 'hours' } });
  assert.equal(hours.RefreshTokenValidity, 720);
  assert.equal(tokenValiditySeconds(hours).refresh, 30 * 86400);
  const range = 'Invalid range for token validity.';
  invalid(
    () => client({ AccessTokenValidity: 4, TokenValidityUnits: { AccessToken: 'minutes' } }),
    range,
  );
  invalid(() => client({ IdTokenValidity: 25 }), range);
  invalid(
    () => client({ RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } }),
    range,
  );
  invalid(() => client({ RefreshTokenValidity: 3651 }), range);
  assert.ok(client({ RefreshTokenValidity: 3650 }));
  invalid(() => client({ AccessTokenValidity: '60' }), /accessTokenValidity/);
  invalid(() => client({ AccessTokenValidity: 1.5 }));
  invalid(
    () => client({ TokenValidityUnits: { AccessToken: 'weeks' } }),
    /tokenValidityUnits.accessToken/,
  );
});

test('explicit auth flows: enum, no mixing, refresh always allowed', () => {
  invalid(
    () => client({ ExplicitAuthFlows: ['ALLOW_MAGIC'] }),
    /explicitAuthFlows.*enum value set/,
  );
  invalid(() =>
    client({
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  invalid(
    () => client({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }),
    'REFRESH_TOKEN_AUTH should always be allowed.',
  );
  const rotating = client({
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
    RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
  });
  assert.deepEqual(rotating.RefreshTokenRotation, {
    Feature: 'ENABLED',
    RetryGracePeriodSeconds: 10,
  });
  assert.equal(client({ ExplicitAuthFlows: [] }).ExplicitAuthFlows, undefined);
});

test('isAuthFlowAllowed maps ALLOW_ and legacy values', () => {
  const byDefault = client({});
  assert.equal(isAuthFlowAllowed(byDefault, 'USER_SRP_AUTH'), true);
  assert.equal(isAuthFlowAllowed(byDefault, 'CUSTOM_AUTH'), true);
  assert.equal(isAuthFlowAllowed(byDefault, 'REFRESH_TOKEN_AUTH'), true);
  assert.equal(isAuthFlowAllowed(byDefault, 'USER_PASSWORD_AUTH'), false);
  assert.equal(isAuthFlowAllowed(byDefault, 'ADMIN_USER_PASSWORD_AUTH'), false);
  assert.equal(isAuthFlowAllowed(byDefault, 'USER_AUTH'), false);

  const modern = client({
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
  });
  assert.equal(isAuthFlowAllowed(modern, 'USER_PASSWORD_AUTH'), true);
  assert.equal(isAuthFlowAllowed(modern, 'USER_AUTH'), true);
  assert.equal(isAuthFlowAllowed(modern, 'USER_SRP_AUTH'), false);
  assert.equal(isAuthFlowAllowed(modern, 'CUSTOM_AUTH'), false);

  const admin = client({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] });
  assert.deepEqual(
    admin.ExplicitAuthFlows,
    ['ADMIN_NO_SRP_AUTH'],
    'legacy values are reported as given',
  );
  assert.equal(isAuthFlowAllowed(admin, 'ADMIN_USER_PASSWORD_AUTH'), true);
  assert.equal(isAuthFlowAllowed(admin, 'USER_SRP_AUTH'), true);
  assert.equal(isAuthFlowAllowed(admin, 'REFRESH_TOKEN_AUTH'), true);
  assert.equal(isAuthFlowAllowed(admin, 'USER_PASSWORD_AUTH'), false);

  const password = client({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH'] });
  assert.equal(isAuthFlowAllowed(password, 'USER_PASSWORD_AUTH'), true);
  assert.equal(isAuthFlowAllowed(password, 'ADMIN_USER_PASSWORD_AUTH'), false);

  const customOnly = client({ ExplicitAuthFlows: ['CUSTOM_AUTH_FLOW_ONLY'] });
  assert.equal(isAuthFlowAllowed(customOnly, 'CUSTOM_AUTH'), true);
  assert.equal(isAuthFlowAllowed(customOnly, 'USER_SRP_AUTH'), false);
  assert.equal(isAuthFlowAllowed(customOnly, 'REFRESH_TOKEN_AUTH'), true);
});

test('read and write attributes are checked against the pool schema', () => {
  const p = pool({
    Schema: [
      { Name: 'email', Required: true },
      { Name: 'tenant', AttributeDataType: 'String' },
    ],
  });
  const ok = client(
    {
      ReadAttributes: ['email', 'email_verified', 'custom:tenant'],
      WriteAttributes: ['email', 'custom:tenant'],
    },
    p,
  );
  assert.deepEqual(ok.ReadAttributes, ['email', 'email_verified', 'custom:tenant']);
  invalid(
    () => client({ ReadAttributes: ['custom:nope'] }, p),
    'Invalid read attributes specified while creating a client',
  );
  invalid(
    () => client({ WriteAttributes: ['email', 'email_verified'] }, p),
    'Invalid write attributes specified while creating a client',
  );
  invalid(
    () => client({ WriteAttributes: ['name'] }, p),
    'Invalid write attributes specified while creating a client',
  );
  invalid(
    () =>
      updateClientSettings(
        ok,
        {
          UserPoolId: 'p',
          ClientId: 'c',
          WriteAttributes: ['sub', 'email'],
        } as UpdateUserPoolClientRequest,
        p,
      ),
    'Invalid write attributes specified while updating a client',
  );
  invalid(() => client({ ReadAttributes: 'email' }, p));
});

test('OAuth flow rules, secrets and other client checks', () => {
  throwsCognito(
    () => client({ AllowedOAuthFlows: ['client_credentials'] }),
    'InvalidOAuthFlowException',
    'client_credentials flow can not be selected if client does not have a client secret.',
  );
  throwsCognito(
    () => client({ GenerateSecret: true, AllowedOAuthFlows: ['client_credentials', 'code'] }),
    'InvalidOAuthFlowException',
    'client_credentials flow can not be selected along with code flow or implicit flow.',
  );
  const m2m = client({
    GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['client_credentials'],
    AllowedOAuthScopes: ['api/read'],
  });
  assert.equal(m2m.HasSecret, true);
  invalid(() => client({ GenerateSecret: true, ClientSecret: 'a'.repeat(32) }));
  assert.equal(client({ ClientSecret: 'a'.repeat(32) }).HasSecret, true);
  invalid(() => client({ ClientSecret: 'short' }), /clientSecret/);
  invalid(
    () => client({ AuthSessionValidity: 2 }),
    /authSessionValidity.*greater than or equal to 3/,
  );
  invalid(() => client({ PreventUserExistenceErrors: 'ON' }));
  invalid(() => client({ EnablePropagateAdditionalUserContextData: true }));
  invalid(() =>
    client({ CallbackURLs: ['https://a.example/cb'], DefaultRedirectURI: 'https://b.example/cb' }),
  );
  invalid(() => client({ AllowedOAuthScopes: ['has space'] }), /allowedOAuthScopes/);
  const web = client({
    CallbackURLs: ['https://a.example/cb'],
    DefaultRedirectURI: 'https://a.example/cb',
    PreventUserExistenceErrors: 'ENABLED',
  });
  assert.equal(preventUserExistenceErrors(web), 'ENABLED');
});

test('UpdateUserPoolClient resets unspecified settings but keeps name and secret', () => {
  const current = client({
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'ENABLED',
    AccessTokenValidity: 10,
    TokenValidityUnits: { AccessToken: 'minutes' },
    EnableTokenRevocation: false,
    AuthSessionValidity: 10,
  });
  const next = updateClientSettings(
    current,
    { UserPoolId: 'p', ClientId: 'c', IdTokenValidity: 2 } as UpdateUserPoolClientRequest,
    pool({}),
  );
  assert.deepEqual(next, {
    ClientName: 'app',
    HasSecret: true,
    RefreshTokenValidity: 30,
    IdTokenValidity: 2,
    TokenValidityUnits: {},
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  });
  const renamed = updateClientSettings(
    current,
    { UserPoolId: 'p', ClientId: 'c', ClientName: 'web' } as UpdateUserPoolClientRequest,
    pool({}),
  );
  assert.equal(renamed.ClientName, 'web');
  assert.equal(current.ClientName, 'app', 'current settings are not modified');
});

test('toUserPoolClientType and toUserPoolClientDescription shapes', () => {
  const settings = client({
    GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const created = new Date('2024-05-01T00:00:00Z');
  const out = toUserPoolClientType({
    id: 'abc',
    userPoolId: 'us-east-1_AbCdEf123',
    secret: 'shh',
    createdAt: created,
    updatedAt: created,
    settings,
  });
  assert.deepEqual(out, {
    UserPoolId: 'us-east-1_AbCdEf123',
    ClientName: 'app',
    ClientId: 'abc',
    ClientSecret: 'shh',
    LastModifiedDate: created,
    CreationDate: created,
    RefreshTokenValidity: 30,
    TokenValidityUnits: {},
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  });
  const noSecret = toUserPoolClientType({
    id: 'abc',
    userPoolId: 'p',
    createdAt: created,
    updatedAt: created,
    settings: client({}),
  });
  assert.equal('ClientSecret' in noSecret, false);
  assert.deepEqual(toUserPoolClientDescription({ id: 'abc', userPoolId: 'p', settings }), {
    ClientId: 'abc',
    UserPoolId: 'p',
    ClientName: 'app',
  });
});

test('client ids and secrets look like Cognito ones', () => {
  for (let i = 0; i < 50; i++) {
    assert.match(newClientId(randomBytes), /^[0-9a-v]{26}$/);
    assert.match(newClientSecret(randomBytes), /^[0-9a-v]{51}$/);
  }
  assert.equal(
    newClientId((n) => Buffer.alloc(n, 0xff)),
    'v'.repeat(26),
  );
  assert.notEqual(newClientId(randomBytes), newClientId(randomBytes));
});
