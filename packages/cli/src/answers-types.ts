// The shapes of the `add auth` answers, apart from the code that checks and merges them
// (answers.ts), so the walkthrough's extra checks can use them without an import loop.
import type { OAuthAnswers } from './oauth.ts';
import type { PreTokenGenerationVersion, Trigger } from './triggers.ts';

/** How users sign in: Amplify's "How do you want users to be able to sign in?". */
export type SignIn = 'username' | 'email' | 'phone' | 'email-or-phone';
/** A second factor: SMS, an authenticator app (TOTP) or email (`EMAIL_OTP`). */
export type MfaType = 'SMS' | 'TOTP' | 'EMAIL';
export const MFA_TYPES: readonly MfaType[] = ['SMS', 'TOTP', 'EMAIL'];

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
  /**
   * Custom attributes (`custom:<name>` on users), added to the pool with AddCustomAttributes.
   * Cognito cannot remove or change one once it exists, so neither can push.
   */
  customAttributes: CustomAttribute[];
  /**
   * User pool groups, the highest precedence first: push creates each with `Precedence` its
   * place (1, 2, …), updates a moved one and deletes one no longer named (Amplify's
   * `user-pool-group-precedence.json`).
   */
  userPoolGroups?: string[];
  /**
   * Amplify's "Email based user registration/forgot password": `['email']` (Enabled) verifies
   * email addresses, `['phone_number']` (Disabled) phone numbers by SMS. Absent: email when
   * email is required, else nothing.
   */
  autoVerifiedAttributes?: VerifiedAttribute[];
  /** An email address is verified with a code (the default) or a link to the pool's domain. */
  emailVerificationOption?: 'CONFIRM_WITH_CODE' | 'CONFIRM_WITH_LINK';
  /** The link email (`EmailSubjectByLink`, `EmailMessageByLink` with `{##…##}`). */
  emailLinkSubject?: string;
  emailLinkMessage?: string;
  /** Attributes the web client may read (`ReadAttributes`); absent: every attribute. */
  readAttributes?: string[];
  /** Attributes the web client may write (`WriteAttributes`); absent: every writable one. */
  writeAttributes?: string[];
  /**
   * Trigger → the modules its function runs in order, as the Amplify CLI keeps them: its
   * templates (`add-to-group`, `email-filter-denylist`, …, see `capabilities.ts`) or `custom`,
   * a starter to edit. Absent for a trigger: its function is one file of the user's.
   */
  triggerModules?: Partial<Record<Trigger, string[]>>;
  /**
   * The template modules' settings, by Amplify's environment names (`GROUP`, `DOMAINDENYLIST`,
   * `DOMAINALLOWLIST`); written to `<function>/settings.json` beside the modules.
   */
  triggerSettings?: Record<string, string>;
  passwordPolicy: {
    minLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireNumbers: boolean;
    requireSymbols: boolean;
  };
  mfa: {
    mode: 'OFF' | 'OPTIONAL' | 'ON';
    /** The factors users may set up (at least one unless the mode is OFF). */
    types: MfaType[];
    /** The SMS with the code (`SmsAuthenticationMessage`); must contain `{####}`. */
    smsMessage: string;
    /** The email with the code (`EmailMfaConfiguration`); the message must contain `{####}`. */
    emailSubject: string;
    emailMessage: string;
  };
  /**
   * Remembered devices (`DeviceConfiguration`); absent: devices are not tracked.
   * `challengeRequiredOnNewDevice`: a remembered device skips the MFA code;
   * `onlyRememberedOnUserPrompt`: a device is remembered only when the user asks for it.
   */
  devices?: { challengeRequiredOnNewDevice: boolean; onlyRememberedOnUserPrompt: boolean };
  emailVerificationSubject: string;
  emailVerificationMessage: string;
  smsVerificationMessage: string;
  /** Refresh token validity in days. */
  refreshTokenDays: number;
  /** The hosted UI (OAuth): the pool's domain, the web client's OAuth settings, social providers. */
  oauth?: OAuthAnswers;
  /**
   * Trigger → the function it runs: a function name (the server runs `<name>.mjs` from its
   * functions folder), a Lambda ARN naming one, or a webhook URL the server POSTs the event to.
   */
  triggers: Partial<Record<Trigger, string>>;
  /** The PreTokenGeneration event version (V2_0 can change the access token too). */
  preTokenGenerationVersion?: PreTokenGenerationVersion;
  /**
   * An identity pool (Amplify's "User Sign-Up, Sign-In, connected with AWS IAM controls"): push
   * creates it as `<name>__<env>` with the web client as its provider, and its two roles.
   * `loginProviders`: third-party providers (`graph.facebook.com`, `accounts.google.com`,
   * `www.amazon.com`, `appleid.apple.com`) → the app id the pool accepts their tokens for.
   */
  identityPool?: IdentityPoolAnswers;
}

/** A custom attribute: its name without `custom:`, its type, and whether users may change it. */
export interface CustomAttribute {
  name: string;
  type: 'String' | 'Number';
  mutable: boolean;
}

/** An attribute Cognito verifies by sending a code. */
export type VerifiedAttribute = 'email' | 'phone_number';

/** The identity pool's answers. */
export interface IdentityPoolAnswers {
  name: string;
  allowUnauthenticated: boolean;
  loginProviders?: Partial<Record<LoginProvider, string>>;
}

/** Amplify's third-party identity-pool providers: name shown, and the app id's question. */
export const LOGIN_PROVIDERS = {
  'graph.facebook.com': {
    name: 'Facebook',
    question: 'Enter your Facebook App ID for your identity pool: ',
    site: 'https://developers.facebook.com',
  },
  'accounts.google.com': {
    name: 'Google',
    question: 'Enter your Google Web Client ID for your identity pool: ',
    site: 'https://developers.google.com/identity',
  },
  'www.amazon.com': {
    name: 'Amazon',
    question: 'Enter your Amazon App ID for your identity pool: ',
    site: 'https://developer.amazon.com',
  },
  'appleid.apple.com': {
    name: 'Apple',
    question: 'Enter your Bundle Identifier for your identity pool: ',
    site: 'https://developer.apple.com/account/#/welcome',
  },
} as const;
export type LoginProvider = keyof typeof LOGIN_PROVIDERS;
