// The walkthrough's answers as Cognito shapes, and the checks of their headless form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultAnswers, mergeAnswers } from '../src/answers.ts';
import { applyCapabilities, enabledCapabilities } from '../src/capabilities.ts';
import { buildDefinitions } from '../src/definitions.ts';

const base = defaultAnswers('walk');

describe('walkthrough answers → definitions', () => {
  test('groups get their place as precedence; client attributes keep the required ones writable', () => {
    const a = mergeAnswers(base, {
      userPoolGroups: ['Admins', 'Readers'],
      customAttributes: [{ name: 'plan', type: 'String', mutable: true }],
      readAttributes: ['email', 'email_verified', 'custom:plan'],
      writeAttributes: ['custom:plan'],
    });
    const defs = buildDefinitions(a);
    assert.deepEqual(defs.groups, [
      { GroupName: 'Admins', Precedence: 1 },
      { GroupName: 'Readers', Precedence: 2 },
    ]);
    assert.deepEqual(defs.client.ReadAttributes, ['email', 'email_verified', 'custom:plan']);
    assert.deepEqual(defs.client.WriteAttributes, ['email', 'custom:plan']);
    assert.deepEqual(
      defs.userPool.Schema?.find((s) => s.Name === 'plan'),
      { Name: 'plan', AttributeDataType: 'String', Required: false, Mutable: true },
    );
  });

  test('email verified with a link: CONFIRM_WITH_LINK, the link email, and a domain for the page', () => {
    const defs = buildDefinitions(
      mergeAnswers(base, { emailVerificationOption: 'CONFIRM_WITH_LINK' }),
    );
    assert.equal(
      defs.userPool.VerificationMessageTemplate?.DefaultEmailOption,
      'CONFIRM_WITH_LINK',
    );
    assert.match(
      defs.userPool.VerificationMessageTemplate?.EmailMessageByLink ?? '',
      /\{##Verify Email##\}/,
    );
    assert.deepEqual(defs.domain, { Domain: 'walk' });
  });

  test('registration by phone verifies phone numbers', () => {
    const defs = buildDefinitions(
      mergeAnswers(base, { signIn: 'phone', autoVerifiedAttributes: ['phone_number'] }),
    );
    assert.deepEqual(defs.userPool.AutoVerifiedAttributes, ['phone_number']);
  });

  test('bad answers are refused with the member named', () => {
    const refused = (input: unknown, pattern: RegExp) =>
      assert.throws(() => mergeAnswers(base, input), pattern);
    refused({ userPoolGroups: ['not valid'] }, /user pool group "not valid"/);
    refused({ userPoolGroups: ['A', 'A'] }, /names a group twice/);
    refused({ readAttributes: ['custom:nope'] }, /readAttributes: custom:nope/);
    refused({ emailLinkMessage: 'no link' }, /needs the link/);
    refused(
      { triggers: { PreSignUp: 'walkPreSignUp' }, triggerModules: { PreSignUp: ['add-to-group'] } },
      /triggerModules.PreSignUp must list templates of that trigger/,
    );
    refused({ triggerModules: { PostConfirmation: ['add-to-group'] } }, /names no function/);
    refused({ customAttributes: [{ name: 'x', type: 'Date', mutable: true }] }, /String or Number/);
  });

  test("capabilities are Amplify's sets of templates, added and removed together", () => {
    const modules = applyCapabilities({ PreSignUp: ['custom'] }, [
      'addUserToGroup',
      'emailDenylist',
    ]);
    assert.deepEqual(modules, {
      PreSignUp: ['custom', 'email-filter-denylist'],
      PostConfirmation: ['add-to-group'],
    });
    assert.deepEqual(enabledCapabilities(modules), ['addUserToGroup', 'emailDenylist']);
    assert.deepEqual(applyCapabilities(modules, []), { PreSignUp: ['custom'] });
  });
});
