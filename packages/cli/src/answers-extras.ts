import type { AuthAnswers } from './answers-types.ts';
import { CUSTOM_NAME, READ_ONLY_ATTRIBUTES, STANDARD_ATTRIBUTES } from './attributes.ts';
import { isModuleOf } from './capabilities.ts';
import { TRIGGERS, type Trigger } from './triggers.ts';

// Checks of the answers the manual walkthrough adds to the basic ones (groups, verification,
// client attributes, custom attributes, trigger modules), with a message naming the member.

type Fail = (message: string) => never;

/** Amplify's rule for a group name ("Resource name should be alphanumeric"). */
export const GROUP_NAME = /^[A-Za-z0-9]{1,128}$/;

const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Drops members given as null in headless JSON (null means "none"). */
function dropNulls(a: AuthAnswers): void {
  const record = a as unknown as Record<string, unknown>;
  for (const key of [
    'userPoolGroups',
    'autoVerifiedAttributes',
    'emailVerificationOption',
    'emailLinkSubject',
    'emailLinkMessage',
    'readAttributes',
    'writeAttributes',
    'triggerModules',
    'triggerSettings',
  ]) {
    if (record[key] === null) delete record[key];
  }
}

function checkGroups(a: AuthAnswers, fail: Fail): void {
  if (a.userPoolGroups === undefined) return;
  if (!isStringList(a.userPoolGroups)) fail('userPoolGroups must be a list of group names');
  for (const g of a.userPoolGroups) {
    if (!GROUP_NAME.test(g)) fail(`user pool group "${g}" must be 1 to 128 letters or digits`);
  }
  if (new Set(a.userPoolGroups).size !== a.userPoolGroups.length) {
    fail(`userPoolGroups names a group twice: ${a.userPoolGroups.join(', ')}`);
  }
}

function checkVerification(a: AuthAnswers, fail: Fail): void {
  const v = a.autoVerifiedAttributes;
  if (
    v !== undefined &&
    (!isStringList(v) || v.some((x) => x !== 'email' && x !== 'phone_number'))
  ) {
    fail('autoVerifiedAttributes must list email or phone_number');
  }
  const option = a.emailVerificationOption;
  if (option !== undefined && option !== 'CONFIRM_WITH_CODE' && option !== 'CONFIRM_WITH_LINK') {
    fail(`emailVerificationOption must be CONFIRM_WITH_CODE or CONFIRM_WITH_LINK, not ${option}`);
  }
  if (a.emailLinkMessage !== undefined && !/\{##[\s\S]*?##\}/.test(a.emailLinkMessage)) {
    fail(`emailLinkMessage "${a.emailLinkMessage}" needs the link as {##Verify Email##}`);
  }
}

function checkClientAttributes(a: AuthAnswers, fail: Fail): void {
  const custom = new Set(a.customAttributes.map((c) => `custom:${c.name}`));
  for (const key of ['readAttributes', 'writeAttributes'] as const) {
    const list = a[key];
    if (list === undefined) continue;
    if (!isStringList(list)) fail(`${key} must be a list of attribute names`);
    for (const name of list) {
      const known =
        name in STANDARD_ATTRIBUTES ||
        custom.has(name) ||
        (key === 'readAttributes' && name in READ_ONLY_ATTRIBUTES);
      if (!known) {
        fail(
          `${key}: ${name} is neither a standard attribute${key === 'readAttributes' ? ', a verification flag' : ''} nor one of the custom attributes (custom:<name>)`,
        );
      }
    }
  }
}

function checkCustomAttributes(a: AuthAnswers, fail: Fail): void {
  if (!Array.isArray(a.customAttributes)) fail('customAttributes must be a list');
  for (const c of a.customAttributes) {
    if (typeof c?.name !== 'string' || !CUSTOM_NAME.test(c.name)) {
      fail(`custom attribute name "${c?.name}" must be 1 to 20 letters, digits, _ or -`);
    }
    if (c.type !== 'String' && c.type !== 'Number') {
      fail(`custom attribute ${c.name}: type must be String or Number`);
    }
    if (typeof c.mutable !== 'boolean')
      fail(`custom attribute ${c.name}: mutable must be true or false`);
  }
  const names = a.customAttributes.map((c) => c.name);
  if (new Set(names).size !== names.length) fail(`customAttributes names one twice: ${names}`);
}

function checkModules(a: AuthAnswers, fail: Fail): void {
  const modules = a.triggerModules;
  if (modules !== undefined) {
    if (typeof modules !== 'object' || Array.isArray(modules)) {
      fail('triggerModules must be an object: {"PostConfirmation": ["add-to-group"], …}');
    }
    for (const [trigger, list] of Object.entries(modules)) {
      if (!(TRIGGERS as readonly string[]).includes(trigger)) {
        fail(`triggerModules: unknown trigger ${trigger}`);
      }
      if (!isStringList(list) || list.some((m) => !isModuleOf(trigger as Trigger, m))) {
        fail(`triggerModules.${trigger} must list templates of that trigger or "custom"`);
      }
      if (!a.triggers[trigger as Trigger]) {
        fail(`triggerModules.${trigger}: triggers.${trigger} names no function to run them`);
      }
    }
  }
  const settings = a.triggerSettings;
  if (
    settings !== undefined &&
    (typeof settings !== 'object' ||
      Array.isArray(settings) ||
      Object.values(settings).some((v) => typeof v !== 'string'))
  ) {
    fail('triggerSettings must be an object of text values: {"GROUP": "Admins", …}');
  }
}

/** Checks the walkthrough's extra answers; `fail` throws the CLI's input error. */
export function checkWalkthroughExtras(a: AuthAnswers, fail: Fail): void {
  dropNulls(a);
  checkCustomAttributes(a, fail);
  checkGroups(a, fail);
  checkVerification(a, fail);
  checkClientAttributes(a, fail);
  checkModules(a, fail);
}
