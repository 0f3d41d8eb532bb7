import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { AuthAnswers, CustomAttribute, VerifiedAttribute } from './answers.ts';
import {
  attributeLabel,
  CUSTOM_NAME,
  READ_ONLY_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  STANDARD_NAMES,
} from './attributes.ts';
import { DEFAULT_LINK } from './definitions.ts';
import type { Say } from './prompts-learn.ts';

// The attribute questions of Amplify's walkthrough (required attributes, "Email based user
// registration/forgot password", what the app can read and write), with attributes shown by
// Amplify's names, and the custom attributes it leaves to its console.

const needsCode = (what: string) => (v: string) =>
  v.includes('{####}') ||
  `Your ${what} verification message must include '{####}' representing the verification code that the user will receive.`;

/** "What attributes are required for signing up?" */
export async function askRequired(current: string[]): Promise<string[]> {
  return checkbox({
    message: 'What attributes are required for signing up?',
    choices: STANDARD_NAMES.map((a) => ({
      name: STANDARD_ATTRIBUTES[a],
      value: a,
      checked: current.includes(a),
    })),
  });
}

/**
 * "Email based user registration/forgot password:" and the messages that follow: email with a
 * code or a link (Cognito's confirmation link, on the pool's domain), or SMS.
 */
export async function askVerification(
  a: AuthAnswers,
): Promise<
  Pick<
    AuthAnswers,
    | 'autoVerifiedAttributes'
    | 'emailVerificationOption'
    | 'emailVerificationSubject'
    | 'emailVerificationMessage'
    | 'emailLinkSubject'
    | 'emailLinkMessage'
    | 'smsVerificationMessage'
  >
> {
  const current = a.autoVerifiedAttributes?.[0] ?? 'email';
  const verified = await select<VerifiedAttribute>({
    message: 'Email based user registration/forgot password:',
    default: current,
    choices: [
      { name: 'Enabled (Requires per-user email entry at registration)', value: 'email' },
      { name: 'Disabled (Uses SMS/TOTP as an alternative)', value: 'phone_number' },
    ],
  });
  const out = {
    autoVerifiedAttributes: [verified],
    emailVerificationOption: a.emailVerificationOption,
    emailVerificationSubject: a.emailVerificationSubject,
    emailVerificationMessage: a.emailVerificationMessage,
    emailLinkSubject: a.emailLinkSubject,
    emailLinkMessage: a.emailLinkMessage,
    smsVerificationMessage: a.smsVerificationMessage,
  };
  if (verified === 'phone_number') {
    out.smsVerificationMessage = await input({
      message: 'Please specify an SMS verification message:',
      default: a.smsVerificationMessage,
      validate: needsCode('SMS'),
    });
    return out;
  }
  out.emailVerificationOption = await select({
    message: 'How do users confirm their email address?',
    default: a.emailVerificationOption ?? 'CONFIRM_WITH_CODE',
    choices: [
      { name: 'With a verification code', value: 'CONFIRM_WITH_CODE' },
      {
        name: "With a verification link (opens the confirmation page on the pool's domain)",
        value: 'CONFIRM_WITH_LINK',
      },
    ] as const,
  });
  if (out.emailVerificationOption === 'CONFIRM_WITH_LINK') {
    out.emailLinkSubject = await input({
      message: 'Specify an email verification subject:',
      default: a.emailLinkSubject ?? DEFAULT_LINK.subject,
      validate: (v) => v.trim().length > 0 || 'A value is required.',
    });
    out.emailLinkMessage = await input({
      message: 'Specify an email verification message:',
      default: a.emailLinkMessage ?? DEFAULT_LINK.message,
      validate: (v) =>
        /\{##[\s\S]*?##\}/.test(v) ||
        'Your email verification message must include {##Verify Email##}, where the link goes.',
    });
    return out;
  }
  out.emailVerificationSubject = await input({
    message: 'Specify an email verification subject:',
    default: a.emailVerificationSubject,
    validate: (v) => v.trim().length > 0 || 'A value is required.',
  });
  out.emailVerificationMessage = await input({
    message: 'Specify an email verification message:',
    default: a.emailVerificationMessage,
    validate: needsCode('email'),
  });
  return out;
}

/** "Do you want to specify the user attributes this app can read and write?" */
export async function askClientAttributes(
  a: AuthAnswers,
  say: Say,
): Promise<Pick<AuthAnswers, 'readAttributes' | 'writeAttributes'>> {
  const wanted = await confirm({
    message: 'Do you want to specify the user attributes this app can read and write?',
    default: Boolean(a.readAttributes || a.writeAttributes),
  });
  if (!wanted) return { readAttributes: undefined, writeAttributes: undefined };
  const custom = a.customAttributes.map((c) => `custom:${c.name}`);
  const choices = (names: string[], checked: string[]) =>
    names.map((n) => ({ name: attributeLabel(n), value: n, checked: checked.includes(n) }));
  const readAttributes = await checkbox({
    message: 'Specify read attributes:',
    required: true,
    choices: choices(
      [...STANDARD_NAMES, ...Object.keys(READ_ONLY_ATTRIBUTES), ...custom],
      a.readAttributes ?? a.requiredAttributes,
    ),
  });
  const required = a.requiredAttributes;
  if (required.length) {
    say(
      `You have already selected the following attributes as required for this User Pool.  They are writeable by default: ${required.map(attributeLabel).join(', ')}`,
    );
  }
  const writeAttributes = await checkbox({
    message: 'Specify write attributes:',
    choices: choices(
      [...STANDARD_NAMES.filter((n) => !required.includes(n)), ...custom],
      a.writeAttributes ?? [],
    ),
  });
  return { readAttributes, writeAttributes: [...required, ...writeAttributes] };
}

/**
 * Custom attributes, one by one with "Do you want to add another custom attribute". Ones that
 * exist stay: Cognito cannot remove or change a custom attribute.
 */
export async function askCustomAttributes(
  current: CustomAttribute[],
  say: Say,
): Promise<CustomAttribute[]> {
  if (current.length) {
    say(
      `Custom attributes: ${current.map((c) => `custom:${c.name} (${c.type}${c.mutable ? '' : ', immutable'})`).join(', ')}. Cognito cannot remove or change a custom attribute once it exists, so these stay.`,
    );
  }
  const wanted = await confirm({
    message: current.length
      ? 'Do you want to add more custom attributes?'
      : 'Do you want to add custom attributes?',
    default: false,
  });
  const out = [...current];
  if (!wanted) return out;
  do {
    const name = (
      await input({
        message: 'Enter the name of the custom attribute (users get it as custom:<name>):',
        validate: (v) =>
          !CUSTOM_NAME.test(v.trim())
            ? 'Use 1 to 20 letters, digits, _ or -.'
            : out.some((c) => c.name === v.trim())
              ? `custom:${v.trim()} exists already.`
              : true,
      })
    ).trim();
    const type = await select<CustomAttribute['type']>({
      message: `What type is custom:${name}?`,
      choices: [
        { name: 'String', value: 'String' },
        { name: 'Number', value: 'Number' },
      ],
    });
    const mutable = await confirm({
      message: `Can custom:${name} be changed after sign-up? (This cannot be changed later.)`,
      default: true,
    });
    out.push({ name, type, mutable });
  } while (
    await confirm({ message: 'Do you want to add another custom attribute', default: false })
  );
  return out;
}
