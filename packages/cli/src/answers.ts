import { checkWalkthroughExtras } from './answers-extras.ts';
import { applePrivateKey, checkOAuth, defaultOAuth, type OAuthAnswers } from './oauth.ts';
import { CliError } from './output.ts';
import { functionNameOf, isWebhookUrl, TRIGGERS, type Trigger } from './triggers.ts';

export * from './answers-types.ts';
export type { SocialProvider } from './oauth.ts';
export type { OAuthAnswers };
export { TRIGGERS, type Trigger };

import type { AuthAnswers, IdentityPoolAnswers } from './answers-types.ts';
import { LOGIN_PROVIDERS, MFA_TYPES } from './answers-types.ts';

/** Amplify's default identity pool name for a resource. */
export const defaultIdentityPoolName = (resourceName: string) =>
  `${resourceName.replace(/[^A-Za-z0-9_]/g, '')}_identitypool`;

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
    mfa: {
      mode: 'OFF',
      types: ['SMS'],
      smsMessage: 'Your authentication code is {####}',
      emailSubject: 'Your authentication code',
      emailMessage: 'Your authentication code is {####}',
    },
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
  for (const key of ['passwordPolicy', 'mfa', 'triggers', 'oauth', 'identityPool'] as const) {
    const value = given[key] as unknown;
    if ((key === 'oauth' || key === 'identityPool') && value === null) continue;
    if (
      value !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      fail(`${key} must be a JSON object`);
    }
  }
  // null removes: `"devices": null` stops tracking devices, `"triggers": {"PreSignUp": null}`
  // removes that trigger.
  const triggers = Object.fromEntries(
    Object.entries({ ...base.triggers, ...given.triggers }).filter(([, v]) => v !== null),
  );
  const merged: AuthAnswers = {
    ...base,
    ...given,
    passwordPolicy: { ...base.passwordPolicy, ...given.passwordPolicy },
    mfa: { ...base.mfa, ...given.mfa },
    devices: 'devices' in given ? (given.devices ?? undefined) : base.devices,
    oauth: mergeOAuth(base, given),
    identityPool: mergeIdentityPool(base, given),
    triggers,
  };
  // A trigger removed (given as null) takes its modules with it.
  const removed = Object.entries(given.triggers ?? {}).filter(([, v]) => v === null);
  const modules = merged.triggerModules as Record<string, string[]> | null | undefined;
  if (modules && removed.length) {
    merged.triggerModules = Object.fromEntries(
      Object.entries(modules).filter(([t]) => !removed.some(([r]) => r === t)),
    );
  }
  return checkAnswers(merged);
}

/**
 * `"oauth": null` turns the hosted UI off; a partial object changes those members of the current
 * settings (or of the defaults, when there were none). Credentials merge per provider.
 */
function mergeOAuth(base: AuthAnswers, given: Partial<AuthAnswers>): AuthAnswers['oauth'] {
  if (!('oauth' in given)) return base.oauth;
  if (given.oauth === null || given.oauth === undefined) return undefined;
  const start = base.oauth ?? defaultOAuth(base.resourceName);
  const credentials = { ...start.credentials, ...given.oauth.credentials };
  const apple = credentials.SignInWithApple;
  if (apple?.private_key) {
    credentials.SignInWithApple = { ...apple, private_key: applePrivateKey(apple.private_key) };
  }
  return { ...start, ...given.oauth, credentials };
}

/**
 * `"identityPool": null` removes the identity pool; a partial object changes those members (of
 * the defaults when there was none). `loginProviders` merge per provider, null removing one.
 */
function mergeIdentityPool(
  base: AuthAnswers,
  given: Partial<AuthAnswers>,
): AuthAnswers['identityPool'] {
  if (!('identityPool' in given)) return base.identityPool;
  if (given.identityPool === null || given.identityPool === undefined) return undefined;
  const start = base.identityPool ?? {
    name: defaultIdentityPoolName(base.resourceName),
    allowUnauthenticated: false,
  };
  const loginProviders = Object.fromEntries(
    Object.entries({ ...start.loginProviders, ...given.identityPool.loginProviders }).filter(
      ([, v]) => v !== null,
    ),
  );
  const merged: IdentityPoolAnswers = { ...start, ...given.identityPool, loginProviders };
  if (!Object.keys(loginProviders).length) delete merged.loginProviders;
  return merged;
}

/** The identity pool's name (Amplify's rule), flag and providers. */
function checkIdentityPool(p: IdentityPoolAnswers): void {
  if (typeof p.name !== 'string' || !/^[A-Za-z0-9_]{1,100}$/.test(p.name)) {
    fail(
      `identityPool.name "${p.name}" must be 1 to 100 letters, digits or _ (push appends __<env>)`,
    );
  }
  if (typeof p.allowUnauthenticated !== 'boolean') {
    fail('identityPool.allowUnauthenticated must be true or false');
  }
  const providers = p.loginProviders ?? {};
  if (typeof providers !== 'object' || providers === null || Array.isArray(providers)) {
    fail(
      'identityPool.loginProviders must be an object: {"accounts.google.com": "<client id>", …}',
    );
  }
  for (const [provider, id] of Object.entries(providers)) {
    if (!(provider in LOGIN_PROVIDERS)) {
      fail(
        `identityPool.loginProviders: unknown provider ${provider}; the providers are ${Object.keys(LOGIN_PROVIDERS).join(', ')}`,
      );
    }
    if (typeof id !== 'string' || !id.trim() || id.length > 128) {
      fail(
        `identityPool.loginProviders.${provider} must be the provider's app id (1 to 128 characters)`,
      );
    }
  }
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
  checkMfa(a);
  if (!Number.isInteger(a.refreshTokenDays) || a.refreshTokenDays < 1) {
    fail(`refreshTokenDays must be a whole number of days, not ${a.refreshTokenDays}`);
  }
  for (const message of [a.emailVerificationMessage, a.smsVerificationMessage]) {
    if (!message.includes('{####}')) fail(`verification message "${message}" needs {####}`);
  }
  checkTriggers(a);
  if (a.oauth !== undefined) checkOAuth(a.oauth, fail);
  if (a.identityPool !== undefined) checkIdentityPool(a.identityPool);
  checkWalkthroughExtras(a, fail);
  return a;
}

/** MFA mode, factors and their messages, and the device settings. */
function checkMfa(a: AuthAnswers): void {
  const { mode, types } = a.mfa;
  if (!['OFF', 'OPTIONAL', 'ON'].includes(mode)) {
    fail(`mfa.mode must be OFF, OPTIONAL or ON, not ${mode}`);
  }
  if (!Array.isArray(types) || types.some((t) => !MFA_TYPES.includes(t))) {
    fail(`mfa.types must list SMS, TOTP or EMAIL, not ${JSON.stringify(types)}`);
  }
  if (new Set(types).size !== types.length) fail(`mfa.types names a type twice: ${types}`);
  if (mode !== 'OFF' && types.length === 0) {
    fail(`mfa.mode ${mode} needs at least one of SMS, TOTP or EMAIL in mfa.types`);
  }
  const text = (value: unknown, what: string, max: number) => {
    if (typeof value !== 'string' || value.length < 1 || value.length > max) {
      fail(`${what} must be text of 1 to ${max} characters`);
    }
  };
  text(a.mfa.smsMessage, 'mfa.smsMessage', 140);
  text(a.mfa.emailSubject, 'mfa.emailSubject', 140);
  text(a.mfa.emailMessage, 'mfa.emailMessage', 20000);
  for (const [message, what] of [
    [a.mfa.smsMessage, 'mfa.smsMessage'],
    [a.mfa.emailMessage, 'mfa.emailMessage'],
  ] as const) {
    if (!message.includes('{####}')) fail(`${what} "${message}" needs {####} for the code`);
  }
  if (a.devices !== undefined) {
    const d = a.devices as Record<string, unknown> | null;
    if (
      typeof d !== 'object' ||
      d === null ||
      typeof d.challengeRequiredOnNewDevice !== 'boolean' ||
      typeof d.onlyRememberedOnUserPrompt !== 'boolean'
    ) {
      fail(
        'devices must be {"challengeRequiredOnNewDevice": true|false, "onlyRememberedOnUserPrompt": true|false}, or null for no device tracking',
      );
    }
  }
}

/** Each trigger is a known one and names a function. */
function checkTriggers(a: AuthAnswers): void {
  if (typeof a.triggers !== 'object' || a.triggers === null || Array.isArray(a.triggers)) {
    fail('triggers must be an object: {"PreSignUp": "<function name>", …}');
  }
  for (const [trigger, value] of Object.entries(a.triggers)) {
    if (!(TRIGGERS as readonly string[]).includes(trigger)) {
      fail(`unknown trigger ${trigger}; the triggers are ${TRIGGERS.join(', ')}`);
    }
    if (typeof value !== 'string' || !(functionNameOf(value) || isWebhookUrl(value))) {
      fail(
        `trigger ${trigger}: "${value}" is neither a function name (1 to 64 letters, digits, - or _), a Lambda function ARN, nor a webhook URL (https://…)`,
      );
    }
  }
  const version = a.preTokenGenerationVersion;
  if (version !== undefined && version !== 'V1_0' && version !== 'V2_0') {
    fail(`preTokenGenerationVersion must be V1_0 or V2_0, not ${version}`);
  }
}
