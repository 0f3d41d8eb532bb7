import type { Trigger } from './triggers.ts';

// The Amplify CLI's trigger templates ("What functionality do you want to use for …") and its
// capabilities ("Do you want to enable any of the following capabilities?"), which are sets of
// those templates: the same names, the same settings questions. The modules' code is in
// capability-modules.ts.

/** A template module a trigger's function can run. */
export interface TemplateModule {
  /** Amplify's name in the "What functionality…" list. */
  name: string;
  /** The settings it reads (Amplify's environment names) and the question for each. */
  settings?: { key: string; question: string }[];
  /** Says what the module needs that the walkthrough does not ask (printed once chosen). */
  note?: string;
}

/** The module a person writes: the trigger's starter handler. */
export const CUSTOM_MODULE = 'custom';

/** Each trigger's templates, in Amplify's order (`<Trigger>.map.json`). */
export const TEMPLATES: Partial<Record<Trigger, Record<string, TemplateModule>>> = {
  PreSignUp: {
    'email-filter-allowlist': {
      name: 'Sign-Up email filtering (allowlist)',
      settings: [
        {
          key: 'DOMAINALLOWLIST',
          question:
            "Enter a comma-delimited list of allowed email domains (example: 'mydomain.com, myotherdomain.com').",
        },
      ],
    },
    'email-filter-denylist': {
      name: 'Sign-Up email filtering (denylist)',
      settings: [
        {
          key: 'DOMAINDENYLIST',
          question:
            "Enter a comma-delimited list of disallowed email domains (example: 'mydomain.com, myotherdomain.com').",
        },
      ],
    },
  },
  PostConfirmation: {
    'add-to-group': {
      name: 'Add User To Group',
      settings: [
        { key: 'GROUP', question: 'Enter the name of the group to which users will be added.' },
      ],
      note: 'add-to-group calls the server back with @aws-sdk/client-cognito-identity-provider: install it in this app (`npm install @aws-sdk/client-cognito-identity-provider`)',
    },
  },
  PreTokenGeneration: { 'alter-claims': { name: 'Override ID Token Claims' } },
  DefineAuthChallenge: {
    'captcha-define-challenge': { name: 'MFA w/ Captcha (Definition)' },
    'boilerplate-define-challenge': { name: 'Custom Auth Challenge Scaffolding (Definition)' },
  },
  CreateAuthChallenge: {
    'captcha-create-challenge': { name: 'MFA w/ Captcha (Creation)' },
    'boilerplate-create-challenge': { name: 'Custom Auth Challenge Scaffolding (Creation)' },
  },
  VerifyAuthChallengeResponse: {
    'captcha-verify': {
      name: 'MFA w/ Captcha (Verification)',
      note: "captcha-verify checks answers with Google's reCaptcha API using the secret key in the server's RECAPTCHASECRET environment variable",
    },
    'boilerplate-verify': { name: 'Custom Auth Challenge Scaffolding (Verification)' },
  },
};

/** A capability: Amplify's name and the template modules it adds to each trigger. */
export interface Capability {
  name: string;
  value: string;
  triggers: Partial<Record<Trigger, string[]>>;
}

/**
 * Amplify's capabilities (`string-maps.js`), but for "Email Verification Link with Redirect":
 * Cognate offers Cognito's own confirmation link instead ("Email based user
 * registration/forgot password" → link), which needs no S3 site.
 */
export const CAPABILITIES: Capability[] = [
  {
    name: 'Add Google reCaptcha Challenge',
    value: 'mfaWithCaptcha',
    triggers: {
      DefineAuthChallenge: ['captcha-define-challenge'],
      CreateAuthChallenge: ['captcha-create-challenge'],
      VerifyAuthChallengeResponse: ['captcha-verify'],
    },
  },
  {
    name: 'Add User to Group',
    value: 'addUserToGroup',
    triggers: { PostConfirmation: ['add-to-group'] },
  },
  {
    name: 'Email Domain Filtering (denylist)',
    value: 'emailDenylist',
    triggers: { PreSignUp: ['email-filter-denylist'] },
  },
  {
    name: 'Email Domain Filtering (allowlist)',
    value: 'emailAllowlist',
    triggers: { PreSignUp: ['email-filter-allowlist'] },
  },
  {
    name: 'Custom Auth Challenge Flow (basic scaffolding - not for production)',
    value: 'customAuthScaffolding',
    triggers: {
      DefineAuthChallenge: ['boilerplate-define-challenge'],
      CreateAuthChallenge: ['boilerplate-create-challenge'],
      VerifyAuthChallengeResponse: ['boilerplate-verify'],
    },
  },
  {
    name: 'Override ID Token Claims',
    value: 'alter-claims',
    triggers: { PreTokenGeneration: ['alter-claims'] },
  },
];

/** The capabilities whose every module is in `modules` (what the answers already enable). */
export function enabledCapabilities(modules: Partial<Record<Trigger, string[]>>): string[] {
  return CAPABILITIES.filter((c) =>
    Object.entries(c.triggers).every(([t, ms]) =>
      ms.every((m) => modules[t as Trigger]?.includes(m)),
    ),
  ).map((c) => c.value);
}

/**
 * The modules after choosing `chosen` capabilities, as Amplify merges them: a chosen one's
 * modules are added, an unchosen one's removed; other modules (`custom`) stay.
 */
export function applyCapabilities(
  modules: Partial<Record<Trigger, string[]>>,
  chosen: string[],
): Partial<Record<Trigger, string[]>> {
  const out: Partial<Record<Trigger, string[]>> = structuredClone(modules);
  for (const c of CAPABILITIES) {
    for (const [t, ms] of Object.entries(c.triggers) as [Trigger, string[]][]) {
      const current = out[t] ?? [];
      const next = chosen.includes(c.value)
        ? [...current, ...ms.filter((m) => !current.includes(m))]
        : current.filter((m) => !ms.includes(m));
      if (next.length) out[t] = next;
      else delete out[t];
    }
  }
  return out;
}

/** True when `module` can run for `trigger`. */
export function isModuleOf(trigger: Trigger, module: string): boolean {
  return module === CUSTOM_MODULE || Boolean(TEMPLATES[trigger]?.[module]);
}

/** The settings the chosen modules read, with their questions. */
export function settingsOf(
  modules: Partial<Record<Trigger, string[]>>,
): { key: string; question: string }[] {
  const seen = new Map<string, string>();
  for (const [t, ms] of Object.entries(modules) as [Trigger, string[]][]) {
    for (const m of ms) {
      for (const s of TEMPLATES[t]?.[m]?.settings ?? []) seen.set(s.key, s.question);
    }
  }
  return [...seen].map(([key, question]) => ({ key, question }));
}

/** The notes of the chosen modules (what they need beyond the answers). */
export function notesOf(modules: Partial<Record<Trigger, string[]>>): string[] {
  return (Object.entries(modules) as [Trigger, string[]][]).flatMap(([t, ms]) =>
    ms.flatMap((m) => TEMPLATES[t]?.[m]?.note ?? []),
  );
}
