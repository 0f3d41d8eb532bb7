// Unit tests: what the answers for MFA, remembered devices and triggers become in the
// definitions, the checks on them, the MFA comparison push relies on, and the starter trigger
// handlers (loaded and run with Cognito-shaped events).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type AuthAnswers, checkAnswers, defaultAnswers, mergeAnswers } from '../src/answers.ts';
import { functionsDirArgs } from '../src/commands/misc.ts';
import { buildDefinitions } from '../src/definitions.ts';
import { buildMfaDefinition, mfaChanges, mfaTypesOf } from '../src/mfa.ts';
import { answersFromServer } from '../src/pulled-answers.ts';
import { scaffoldFunctions } from '../src/trigger-scaffold.ts';
import {
  answerForArn,
  buildLambdaConfig,
  functionArn,
  functionNotes,
  TRIGGERS,
  type Trigger,
  triggersFromLambdaConfig,
} from '../src/triggers.ts';

const withMfa = (mfa: Partial<AuthAnswers['mfa']>, more: Partial<AuthAnswers> = {}) =>
  mergeAnswers(defaultAnswers('app'), { mfa, ...more });

/** Throws the CLI's InvalidInput error whose message matches `pattern`. */
function refused(input: unknown, pattern: RegExp) {
  assert.throws(
    () => mergeAnswers(defaultAnswers('app'), input),
    (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'InvalidInput');
      assert.match(err.message, pattern);
      assert.match(err.hint ?? '', /cognate add auth --help/);
      return true;
    },
  );
}

describe('MFA answers → definitions', () => {
  test('OFF: the pool and the MFA definition say OFF and name no factor', () => {
    const defs = buildDefinitions(defaultAnswers('app'));
    assert.equal(defs.userPool.MfaConfiguration, 'OFF');
    assert.equal(defs.userPool.SmsConfiguration, undefined);
    assert.equal(defs.userPool.SmsAuthenticationMessage, undefined);
    assert.deepEqual(defs.mfa, { MfaConfiguration: 'OFF' });
  });

  test('ON with SMS, TOTP and email: every factor in SetUserPoolMfaConfig shape', () => {
    const a = withMfa({
      mode: 'ON',
      types: ['SMS', 'TOTP', 'EMAIL'],
      smsMessage: 'Code: {####}',
      emailSubject: 'Sign-in code',
      emailMessage: 'Your sign-in code is {####}.',
    });
    const defs = buildDefinitions(a);
    const sms = {
      SnsCallerArn: 'arn:aws:iam::000000000000:role/app_sns-role',
      ExternalId: 'app_role_external_id',
    };
    assert.deepEqual(defs.mfa, {
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code: {####}', SmsConfiguration: sms },
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Subject: 'Sign-in code', Message: 'Your sign-in code is {####}.' },
    });
    // UpdateUserPool resets what it is not given: the pool definition carries the same.
    assert.equal(defs.userPool.MfaConfiguration, 'ON');
    assert.equal(defs.userPool.SmsAuthenticationMessage, 'Code: {####}');
    assert.deepEqual(defs.userPool.SmsConfiguration, sms);
    assert.deepEqual(mfaTypesOf(defs.mfa ?? {}), ['SMS', 'TOTP', 'EMAIL']);
  });

  test('OPTIONAL with TOTP only: no SMS role, TOTP enabled, no email', () => {
    const defs = buildDefinitions(withMfa({ mode: 'OPTIONAL', types: ['TOTP'] }));
    assert.deepEqual(defs.mfa, {
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    assert.equal(defs.userPool.SmsConfiguration, undefined);
  });

  test('bad MFA answers are refused with the member named', () => {
    refused({ mfa: { mode: 'SOMETIMES' } }, /mfa\.mode must be OFF, OPTIONAL or ON/);
    refused({ mfa: { mode: 'ON', types: [] } }, /mfa\.mode ON needs at least one of SMS/);
    refused({ mfa: { mode: 'ON', types: ['VOICE'] } }, /mfa\.types must list SMS, TOTP or EMAIL/);
    refused({ mfa: { mode: 'ON', types: ['SMS', 'SMS'] } }, /names a type twice/);
    refused(
      { mfa: { smsMessage: 'no code here' } },
      /mfa\.smsMessage "no code here" needs \{####\}/,
    );
    refused({ mfa: { emailMessage: 'none' } }, /mfa\.emailMessage "none" needs \{####\}/);
    refused({ mfa: { emailSubject: '' } }, /mfa\.emailSubject must be text of 1 to 140/);
    refused({ mfa: { smsMessage: `${'x'.repeat(140)}{####}` } }, /mfa\.smsMessage must be text/);
  });
});

describe('remembered devices', () => {
  test('devices → DeviceConfiguration; absent → none; null in headless input removes it', () => {
    const on = mergeAnswers(defaultAnswers('app'), {
      devices: { challengeRequiredOnNewDevice: true, onlyRememberedOnUserPrompt: false },
    });
    assert.deepEqual(buildDefinitions(on).userPool.DeviceConfiguration, {
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    });
    assert.equal(buildDefinitions(defaultAnswers('app')).userPool.DeviceConfiguration, undefined);
    const kept = mergeAnswers(on, { passwordPolicy: { minLength: 10 } });
    assert.deepEqual(kept.devices, on.devices);
    const off = mergeAnswers(on, { devices: null });
    assert.equal(off.devices, undefined);
    assert.equal(buildDefinitions(off).userPool.DeviceConfiguration, undefined);
  });

  test('malformed devices are refused', () => {
    refused({ devices: { challengeRequiredOnNewDevice: 'yes' } }, /devices must be/);
    refused({ devices: [] }, /devices must be/);
  });
});

describe('triggers', () => {
  test('a function name becomes an ARN in the region; an ARN stays as given', () => {
    assert.equal(
      functionArn('appPreSignUp', 'eu-west-1'),
      'arn:aws:lambda:eu-west-1:000000000000:function:appPreSignUp',
    );
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:shared:live';
    assert.equal(functionArn(arn, 'eu-west-1'), arn);
    // Pulled back: the name when the ARN is the one the name stands for, else the ARN.
    assert.equal(
      answerForArn(functionArn('appPreSignUp', 'eu-west-1'), 'eu-west-1'),
      'appPreSignUp',
    );
    assert.equal(answerForArn(arn, 'eu-west-1'), arn);
  });

  test('every trigger in LambdaConfig, and back to the same answers', () => {
    const triggers = Object.fromEntries(TRIGGERS.map((t) => [t, `fn${t}`]));
    const config = buildLambdaConfig(triggers, {
      region: 'us-east-1',
      preTokenGenerationVersion: 'V2_0',
    });
    const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    assert.equal(config.PreSignUp, arn('fnPreSignUp'));
    assert.equal(config.UserMigration, arn('fnUserMigration'));
    assert.equal(config.PreTokenGeneration, arn('fnPreTokenGeneration'));
    assert.deepEqual(config.PreTokenGenerationConfig, {
      LambdaVersion: 'V2_0',
      LambdaArn: arn('fnPreTokenGeneration'),
    });
    assert.deepEqual(config.CustomEmailSender, {
      LambdaVersion: 'V1_0',
      LambdaArn: arn('fnCustomEmailSender'),
    });
    assert.match(config.KMSKeyID ?? '', /^arn:aws:kms:us-east-1:000000000000:key\//);
    assert.deepEqual(triggersFromLambdaConfig(config, 'us-east-1'), {
      triggers,
      preTokenGenerationVersion: 'V2_0',
    });
  });

  test('a webhook URL is written as given, gets no file, and the plan says where it goes', () => {
    const a = mergeAnswers(defaultAnswers('app'), {
      triggers: {
        PreSignUp: 'https://hooks.example.com/pre',
        PostConfirmation: 'http://127.0.0.1:9/post',
      },
    });
    const config = buildDefinitions(a).userPool.LambdaConfig;
    assert.deepEqual(config, {
      PreSignUp: 'https://hooks.example.com/pre',
      PostConfirmation: 'http://127.0.0.1:9/post',
    });
    assert.deepEqual(triggersFromLambdaConfig(config, 'us-east-1').triggers, a.triggers);
    const dir = mkdtempSync(path.join(tmpdir(), 'cognate-fn-'));
    assert.deepEqual(scaffoldFunctions(dir, a.triggers), []);
    const { notes, warnings } = functionNotes(config, dir, (f) => f);
    assert.deepEqual(warnings, []);
    assert.deepEqual(notes, [
      'trigger PreSignUp: the server POSTs its event to https://hooks.example.com/pre, signed with its webhook secret (COGNATE_WEBHOOK_SECRET)',
      'trigger PostConfirmation: the server POSTs its event to http://127.0.0.1:9/post, signed with its webhook secret (COGNATE_WEBHOOK_SECRET)',
    ]);
  });

  test('custom auth triggers allow CUSTOM_AUTH on the web client', () => {
    const a = mergeAnswers(defaultAnswers('app'), {
      triggers: { DefineAuthChallenge: 'define', CreateAuthChallenge: 'create' },
    });
    assert.ok(buildDefinitions(a).client.ExplicitAuthFlows?.includes('ALLOW_CUSTOM_AUTH'));
    assert.ok(
      !buildDefinitions(defaultAnswers('app')).client.ExplicitAuthFlows?.includes(
        'ALLOW_CUSTOM_AUTH',
      ),
    );
  });

  test('headless null removes one trigger and keeps the others', () => {
    const two = mergeAnswers(defaultAnswers('app'), {
      triggers: { PreSignUp: 'pre', PostConfirmation: 'post' },
    });
    const one = mergeAnswers(two, { triggers: { PreSignUp: null } });
    assert.deepEqual(one.triggers, { PostConfirmation: 'post' });
  });

  test('bad trigger answers are refused', () => {
    refused({ triggers: { PreSignup: 'x' } }, /unknown trigger PreSignup; the triggers are/);
    refused({ triggers: { PreSignUp: 'has space' } }, /is neither a function name/);
    refused({ triggers: { PreSignUp: 'arn:aws:s3:::bucket' } }, /is neither a function name/);
    refused({ triggers: { PreSignUp: '../../etc/passwd' } }, /is neither a function name/);
    refused({ triggers: { PreSignUp: 'http://example.com/hook' } }, /nor a webhook URL/);
    refused({ triggers: { PreSignUp: 'https://me:secret@example.com/' } }, /nor a webhook URL/);
    refused({ triggers: [] }, /triggers must be a JSON object/);
    refused({ mfa: 'ON' }, /mfa must be a JSON object/);
    refused({ preTokenGenerationVersion: 'V3' }, /preTokenGenerationVersion must be V1_0 or V2_0/);
  });

  test('scaffolding writes a starter for a function without a file and keeps existing files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cognate-fn-'));
    writeFileSync(path.join(dir, 'mine.js'), 'exports.handler = async (e) => e;\n');
    const made = scaffoldFunctions(dir, { PreSignUp: 'appPreSignUp', PostConfirmation: 'mine' });
    assert.deepEqual(
      made.map((f) => [f.trigger, f.name, path.basename(f.file), f.created]),
      [
        ['PreSignUp', 'appPreSignUp', 'appPreSignUp.mjs', true],
        ['PostConfirmation', 'mine', 'mine.js', false],
      ],
    );
    const edited = '// edited\nexport const handler = async (event) => event;\n';
    writeFileSync(path.join(dir, 'appPreSignUp.mjs'), edited);
    const again = scaffoldFunctions(dir, { PreSignUp: 'appPreSignUp' });
    assert.equal(again[0].created, false);
    assert.equal(readFileSync(path.join(dir, 'appPreSignUp.mjs'), 'utf8'), edited);
  });

  test('plan notes: the file each trigger runs, and a warning for a missing one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cognate-fn-'));
    scaffoldFunctions(dir, { PreSignUp: 'here' });
    const config = buildLambdaConfig(
      { PreSignUp: 'here', PostAuthentication: 'missing' },
      { region: 'us-east-1' },
    );
    const { notes, warnings } = functionNotes(config, dir, (f) => path.relative(dir, f) || '.');
    assert.deepEqual(notes.slice(0, 1), ['trigger PreSignUp: runs here.mjs']);
    assert.match(notes[1], /--functions-dir \./);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /trigger PostAuthentication: function missing has no file/);
  });
});

describe('starter handlers run as Lambda handlers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cognate-fn-'));
  mkdirSync(dir, { recursive: true });
  const triggers = Object.fromEntries(TRIGGERS.map((t) => [t, `starter${t}`]));
  const files = new Map(scaffoldFunctions(dir, triggers).map((f) => [f.trigger, f.file]));
  const load = async (trigger: Trigger) =>
    (await import(pathToFileURL(files.get(trigger) as string).href)).handler as (
      event: unknown,
    ) => Promise<unknown>;
  const base = {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_abc',
    userName: 'ada',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
  };

  test('every trigger has a module exporting a handler', async () => {
    for (const trigger of TRIGGERS) assert.equal(typeof (await load(trigger)), 'function');
  });

  test('PreSignUp answers the event unchanged (nothing auto-confirmed until edited)', async () => {
    const event = {
      ...base,
      triggerSource: 'PreSignUp_SignUp',
      request: { userAttributes: { email: 'ada@example.com' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    };
    assert.deepEqual(await (await load('PreSignUp'))(structuredClone(event)), event);
  });

  test('the custom challenge trio: SRP first, then a code, checked in constant time', async () => {
    const define = await load('DefineAuthChallenge');
    const step = async (session: unknown[]) =>
      ((await define({ ...base, request: { session }, response: {} })) as { response: unknown })
        .response;
    assert.deepEqual(await step([{ challengeName: 'SRP_A', challengeResult: true }]), {
      challengeName: 'PASSWORD_VERIFIER',
      issueTokens: false,
      failAuthentication: false,
    });
    assert.deepEqual(await step([]), {
      challengeName: 'CUSTOM_CHALLENGE',
      issueTokens: false,
      failAuthentication: false,
    });
    assert.deepEqual(await step([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true }]), {
      issueTokens: true,
      failAuthentication: false,
    });
    assert.deepEqual(await step([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false }]), {
      issueTokens: false,
      failAuthentication: true,
    });
    const created = (await (
      await load('CreateAuthChallenge')
    )({
      ...base,
      request: { challengeName: 'CUSTOM_CHALLENGE', session: [] },
      response: {},
    })) as { response: { privateChallengeParameters: { answer: string } } };
    const answer = created.response.privateChallengeParameters.answer;
    assert.match(answer, /^\d{6}$/);
    const verify = await load('VerifyAuthChallengeResponse');
    const check = async (challengeAnswer: string) =>
      (
        (await verify({
          ...base,
          request: { privateChallengeParameters: { answer }, challengeAnswer },
          response: {},
        })) as { response: { answerCorrect: boolean } }
      ).response.answerCorrect;
    assert.equal(await check(answer), true);
    assert.equal(await check('000000x'), false);
    assert.equal(await check(''), false);
  });

  test('UserMigration refuses users it does not know', async () => {
    await assert.rejects((await load('UserMigration'))({ ...base, request: {}, response: {} }), {
      message: 'User does not exist',
    });
  });
});

describe('MFA comparison with GetUserPoolMfaConfig', () => {
  const desired = buildMfaDefinition(withMfa({ mode: 'ON', types: ['SMS', 'TOTP'] }));

  test('the same settings, with what the server adds, are no change', () => {
    const actual = {
      MfaConfiguration: 'ON' as const,
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: 'Your authentication code is {####}',
        SmsConfiguration: {
          ...desired.SmsMfaConfiguration?.SmsConfiguration,
          SnsRegion: 'us-east-1',
        },
      },
      SoftwareTokenMfaConfiguration: { Enabled: true },
    };
    assert.deepEqual(mfaChanges(desired, actual as never), []);
  });

  test('a mode, a factor turned off and a factor turned on are each a change', () => {
    const changes = mfaChanges(desired, {
      MfaConfiguration: 'OPTIONAL',
      EmailMfaConfiguration: { Message: '{####}', Subject: 's' },
    });
    assert.ok(changes.includes('MfaConfiguration: "OPTIONAL" → "ON"'), changes.join('\n'));
    assert.ok(changes.some((c) => c.startsWith('SmsMfaConfiguration.SmsAuthenticationMessage')));
    assert.ok(changes.includes('SoftwareTokenMfaConfiguration.Enabled: false → true'));
    assert.ok(changes.some((c) => c.startsWith('EmailMfaConfiguration: {')));
    // TOTP left out of the answer is the same as TOTP disabled.
    const totpOff = buildMfaDefinition(withMfa({ mode: 'ON', types: ['EMAIL'] }));
    assert.deepEqual(
      mfaChanges(totpOff, {
        MfaConfiguration: 'ON',
        EmailMfaConfiguration: totpOff.EmailMfaConfiguration,
      }),
      [],
    );
  });

  test('OFF compares the mode only', () => {
    assert.deepEqual(mfaChanges({ MfaConfiguration: 'OFF' }, { MfaConfiguration: 'OFF' }), []);
    assert.deepEqual(mfaChanges({ MfaConfiguration: 'OFF' }, { MfaConfiguration: 'ON' }), [
      'MfaConfiguration: "ON" → "OFF"',
    ]);
  });
});

describe('pull: answers from the server', () => {
  test('building from pulled answers gives back the same definitions', () => {
    const a = checkAnswers(
      mergeAnswers(defaultAnswers('app'), {
        mfa: { mode: 'OPTIONAL', types: ['SMS', 'EMAIL'], smsMessage: 'SMS {####}' },
        devices: { challengeRequiredOnNewDevice: false, onlyRememberedOnUserPrompt: true },
        triggers: { PreSignUp: 'appPreSignUp', PreTokenGeneration: 'claims' },
        preTokenGenerationVersion: 'V2_0',
      }),
    );
    const defs = buildDefinitions(a, 'eu-west-1');
    const { Schema: _s, PoolName, ...settings } = defs.userPool;
    const pool = { ...settings, Name: PoolName, Id: 'eu-west-1_x' };
    const client = { RefreshTokenValidity: 30 };
    // What pull starts from: saved answers that know nothing of this.
    const pulled = answersFromServer(defaultAnswers('app'), pool, client, {
      mfa: defs.mfa,
      region: 'eu-west-1',
    });
    assert.deepEqual(buildDefinitions(pulled, 'eu-west-1'), defs);
    assert.deepEqual(pulled.triggers, a.triggers);
    assert.deepEqual(pulled.devices, a.devices);
    assert.deepEqual(pulled.mfa.types, ['SMS', 'EMAIL']);
  });
});

describe('cognate serve and the functions folder', () => {
  test('in a project with functions, the server is given the folder unless told another', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cognate-serve-'));
    mkdirSync(path.join(root, 'cognate'));
    writeFileSync(path.join(root, 'cognate', 'project-config.json'), '{}');
    // No functions folder yet: nothing to pass.
    assert.deepEqual(functionsDirArgs([], {}, root), []);
    const dir = path.join(root, 'cognate', 'backend', 'function');
    mkdirSync(dir, { recursive: true });
    assert.deepEqual(functionsDirArgs(['--port', '0'], {}, path.join(root, 'src')), [
      '--functions-dir',
      dir,
    ]);
    assert.deepEqual(functionsDirArgs(['--functions-dir', 'elsewhere'], {}, root), []);
    assert.deepEqual(functionsDirArgs(['--functions-dir=elsewhere'], {}, root), []);
    assert.deepEqual(functionsDirArgs(['--config', 'server.json'], {}, root), []);
    assert.deepEqual(functionsDirArgs([], { COGNATE_FUNCTIONS_DIR: 'x' }, root), []);
    assert.deepEqual(functionsDirArgs([], {}, tmpdir()), []);
  });
});
