import { CliError } from './output.ts';

/** How users sign in: Amplify's "How do you want users to be able to sign in?". */
export type SignIn = 'username' | 'email' | 'phone' | 'email-or-phone';
/** A social identity provider Amplify offers. */
export type SocialProvider = 'Facebook' | 'Google' | 'LoginWithAmazon' | 'SignInWithApple';
/** Cognito's trigger names (LambdaConfig keys). */
export const TRIGGERS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'PreTokenGeneration',
  'UserMigration',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
] as const;
/** One trigger name. */
export type Trigger = (typeof TRIGGERS)[number];

/**
 * The answers to `add auth` / `update auth`, kept in `cli-inputs.json` so `update auth` starts
 * from them. The headless JSON input has the same shape; any member left out takes the value
 * shown in `defaultAnswers`.
 */
export interface AuthAnswers {
  resourceName: string;
  userPoolName: string;
  /** "default", "default with social provider" or "manual" (Amplify's first question). */
  useDefault: 'default' | 'defaultSocial' | 'manual';
  signIn: SignIn;
  /** Standard attributes every user must give at sign-up (`email`, `name`, …). */
  requiredAttributes: string[];
  customAttributes: { name: string; type: 'String' | 'Number'; mutable: boolean }[];
  passwordPolicy: {
    minLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireNumbers: boolean;
    requireSymbols: boolean;
  };
  mfa: { mode: 'OFF' | 'OPTIONAL' | 'ON'; types: ('SMS' | 'TOTP')[]; smsMessage: string };
  emailVerificationSubject: string;
  emailVerificationMessage: string;
  smsVerificationMessage: string;
  /** Refresh token validity in days. */
  refreshTokenDays: number;
  /** Hosted UI (OAuth): stored, not served by this server yet. */
  oauth?: {
    domainPrefix: string;
    redirectSignIn: string[];
    redirectSignOut: string[];
    scopes: string[];
    providers: SocialProvider[];
  };
  /** Trigger name → Lambda ARN. */
  triggers: Partial<Record<Trigger, string>>;
  /** An identity pool (Cognito Identity): stored, not served by this server yet. */
  identityPool?: { name: string; allowUnauthenticated: boolean };
}

/** Amplify's "Default configuration": email sign-in, email verified by a code. */
export function defaultAnswers(resourceName: string): AuthAnswers {
  const base = resourceName.replace(/[^A-Za-z0-9]/g, '');
  return {
    resourceName,
    userPoolName: `${base}_userpool`,
    useDefault: 'default',
    signIn: 'email',
    requiredAttributes: ['email'],
    customAttributes: [],
    passwordPolicy: {
      minLength: 8,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
    },
    mfa: { mode: 'OFF', types: ['SMS'], smsMessage: 'Your authentication code is {####}' },
    emailVerificationSubject: 'Your verification code',
    emailVerificationMessage: 'Your verification code is {####}',
    smsVerificationMessage: 'Your verification code is {####}',
    refreshTokenDays: 30,
    triggers: {},
  };
}

const fail = (message: string): never => {
  throw new CliError(message, 'fix the answer (see `cognate add auth --help`)', 'InvalidInput');
};

/** Checks a resource name the way Amplify does: letters and digits, 1 to 128. */
export function checkResourceName(name: string): string {
  if (!/^[A-Za-z0-9]{1,128}$/.test(name)) {
    fail(`resource name "${name}" must be 1 to 128 letters or digits`);
  }
  return name;
}

/**
 * Merges a headless JSON payload over `base` and checks every member, so a CI typo fails with
 * the member's name instead of a server error halfway through a push.
 */
export function mergeAnswers(base: AuthAnswers, input: unknown): AuthAnswers {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('the headless input must be a JSON object');
  }
  const given = input as Partial<AuthAnswers>;
  const merged: AuthAnswers = {
    ...base,
    ...given,
    passwordPolicy: { ...base.passwordPolicy, ...given.passwordPolicy },
    mfa: { ...base.mfa, ...given.mfa },
    triggers: { ...base.triggers, ...given.triggers },
  };
  return checkAnswers(merged);
}

/** Validates a full set of answers; returns it. */
export function checkAnswers(a: AuthAnswers): AuthAnswers {
  checkResourceName(a.resourceName);
  if (!/^[\w\s+=,.@-]{1,128}$/.test(a.userPoolName)) {
    fail(`userPoolName "${a.userPoolName}" must be 1 to 128 of letters, digits, spaces, +=,.@-_`);
  }
  if (!['username', 'email', 'phone', 'email-or-phone'].includes(a.signIn)) {
    fail(`signIn must be username, email, phone or email-or-phone, not ${a.signIn}`);
  }
  const p = a.passwordPolicy;
  if (!Number.isInteger(p.minLength) || p.minLength < 6 || p.minLength > 99) {
    fail(`passwordPolicy.minLength must be a whole number from 6 to 99, not ${p.minLength}`);
  }
  if (!['OFF', 'OPTIONAL', 'ON'].includes(a.mfa.mode)) {
    fail(`mfa.mode must be OFF, OPTIONAL or ON, not ${a.mfa.mode}`);
  }
  if (a.mfa.mode !== 'OFF' && a.mfa.types.length === 0) fail('mfa.types needs SMS or TOTP');
  if (!Number.isInteger(a.refreshTokenDays) || a.refreshTokenDays < 1) {
    fail(`refreshTokenDays must be a whole number of days, not ${a.refreshTokenDays}`);
  }
  for (const message of [a.emailVerificationMessage, a.smsVerificationMessage]) {
    if (!message.includes('{####}')) fail(`verification message "${message}" needs {####}`);
  }
  for (const [trigger, arn] of Object.entries(a.triggers)) {
    if (!(TRIGGERS as readonly string[]).includes(trigger)) fail(`unknown trigger ${trigger}`);
    if (!/^arn:aws:lambda:[\w-]+:\d{12}:function:[\w-]+/.test(String(arn))) {
      fail(`trigger ${trigger}: "${arn}" is not a Lambda ARN`);
    }
  }
  for (const c of a.customAttributes) {
    if (!/^[\w-]{1,20}$/.test(c.name)) fail(`custom attribute name "${c.name}" is not valid`);
  }
  return a;
}
