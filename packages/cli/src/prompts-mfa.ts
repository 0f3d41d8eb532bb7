import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { AuthAnswers, MfaType } from './answers.ts';

// MFA as the Amplify CLI asks it (mode, types, SMS message), with email codes added as Cognito
// offers them; remembered devices as the Cognito console asks it (the Amplify CLI has no
// question for them).

const needsCode = (v: string) => v.includes('{####}') || 'The message must contain {####}.';
const withinLength = (max: number) => (v: string) =>
  (v.trim().length > 0 && v.length <= max) || `Use 1 to ${max} characters.`;

/** "Multifactor authentication (MFA) user login options" and what follows from the answer. */
export async function askMfa(current: AuthAnswers['mfa']): Promise<AuthAnswers['mfa']> {
  const mfa = structuredClone(current);
  mfa.mode = await select({
    message: 'Multifactor authentication (MFA) user login options:',
    default: mfa.mode,
    choices: [
      { name: 'OFF', value: 'OFF' },
      { name: 'ON (Required for all logins)', value: 'ON' },
      { name: 'OPTIONAL (Individual users can use MFA)', value: 'OPTIONAL' },
    ] as const,
  });
  if (mfa.mode === 'OFF') return mfa;
  mfa.types = await checkbox<MfaType>({
    message: 'For user login, select the MFA types:',
    required: true,
    choices: [
      { name: 'SMS Text Message', value: 'SMS', checked: mfa.types.includes('SMS') },
      {
        name: 'Time-Based One-Time Password (TOTP)',
        value: 'TOTP',
        checked: mfa.types.includes('TOTP'),
      },
      { name: 'Email message', value: 'EMAIL', checked: mfa.types.includes('EMAIL') },
    ],
  });
  if (mfa.types.includes('SMS')) {
    mfa.smsMessage = await input({
      message: 'Specify an SMS authentication message:',
      default: mfa.smsMessage,
      validate: (v) => {
        const length = withinLength(140)(v);
        return length === true ? needsCode(v) : length;
      },
    });
  }
  if (mfa.types.includes('EMAIL')) {
    mfa.emailSubject = await input({
      message: 'Specify an email authentication subject:',
      default: mfa.emailSubject,
      validate: withinLength(140),
    });
    mfa.emailMessage = await input({
      message: 'Specify an email authentication message:',
      default: mfa.emailMessage,
      validate: needsCode,
    });
  }
  return mfa;
}

/** Device tracking: whether devices are remembered, and whether a remembered one skips MFA. */
export async function askDevices(a: AuthAnswers): Promise<AuthAnswers['devices']> {
  const remember = await select({
    message: "Do you want to remember your user's devices?",
    default: !a.devices ? 'no' : a.devices.onlyRememberedOnUserPrompt ? 'optIn' : 'always',
    choices: [
      { name: 'No', value: 'no' },
      { name: 'Always', value: 'always' },
      { name: 'User Opt In', value: 'optIn' },
    ] as const,
  });
  if (remember === 'no') return undefined;
  const skipMfa =
    a.mfa.mode !== 'OFF' &&
    (await confirm({
      message:
        'Do you want to use a remembered device to suppress the second factor during multi-factor authentication (MFA)?',
      default: a.devices?.challengeRequiredOnNewDevice ?? false,
    }));
  return {
    challengeRequiredOnNewDevice: skipMfa,
    onlyRememberedOnUserPrompt: remember === 'optIn',
  };
}
