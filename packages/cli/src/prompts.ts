import { checkbox, confirm, input, number, select } from '@inquirer/prompts';
import {
  type AuthAnswers,
  checkAnswers,
  checkResourceName,
  defaultIdentityPoolName,
  type IdentityPoolAnswers,
  LOGIN_PROVIDERS,
  type LoginProvider,
  type SignIn,
} from './answers.ts';
import {
  askClientAttributes,
  askCustomAttributes,
  askRequired,
  askVerification,
} from './prompts-attributes.ts';
import {
  ADMIN_QUERIES_NOTE,
  askAdminQueries,
  askGroups,
  askGroupsQuestion,
} from './prompts-groups.ts';
import { EXPLAIN, type Say, selectOrLearn, yesNoOrLearn } from './prompts-learn.ts';
import { askDevices, askMfa } from './prompts-mfa.ts';
import { askOAuth, askProviders, askRedirects } from './prompts-oauth.ts';
import { askCapabilities, askTriggers } from './prompts-triggers.ts';

// The questions and choices are the Amplify CLI's own (`amplify add auth` / `update auth`), so
// a team following Amplify's docs recognises every step.

const nonEmpty = (v: string) => v.trim().length > 0 || 'A value is required.';

/** Amplify's sign-in question, after its warning that the answer is for good. */
async function askSignIn(current: SignIn, say: Say): Promise<SignIn> {
  say('Warning: you will not be able to edit these selections.');
  return selectOrLearn<SignIn>(
    {
      message: 'How do you want users to be able to sign in?',
      default: current,
      choices: [
        { name: 'Username', value: 'username' },
        { name: 'Email', value: 'email' },
        { name: 'Phone Number', value: 'phone' },
        { name: 'Email or Phone Number', value: 'email-or-phone' },
      ],
      learnMore: EXPLAIN.signIn,
    },
    say,
  );
}

/** "Do you want to use an OAuth flow?" (Yes / No / learn more) and the hosted UI questions. */
async function askHostedUi(a: AuthAnswers, current: boolean, say: Say) {
  const wanted = await yesNoOrLearn(
    'Do you want to use an OAuth flow?',
    current,
    EXPLAIN.hostedUI,
    say,
  );
  return wanted ? askOAuth(a, true, say) : undefined;
}

async function askPasswordPolicy(a: AuthAnswers): Promise<AuthAnswers['passwordPolicy']> {
  const minLength =
    (await number({
      message: 'Enter the minimum password length for this User Pool:',
      default: a.passwordPolicy.minLength,
      min: 6,
      max: 99,
      required: true,
    })) ?? a.passwordPolicy.minLength;
  const characters = await checkbox({
    message: 'Select the password character requirements for your userpool:',
    choices: [
      {
        name: 'Requires Lowercase',
        value: 'requireLowercase',
        checked: a.passwordPolicy.requireLowercase,
      },
      {
        name: 'Requires Uppercase',
        value: 'requireUppercase',
        checked: a.passwordPolicy.requireUppercase,
      },
      {
        name: 'Requires Numbers',
        value: 'requireNumbers',
        checked: a.passwordPolicy.requireNumbers,
      },
      {
        name: 'Requires Symbols',
        value: 'requireSymbols',
        checked: a.passwordPolicy.requireSymbols,
      },
    ] as const,
  });
  return {
    minLength,
    requireLowercase: characters.includes('requireLowercase'),
    requireUppercase: characters.includes('requireUppercase'),
    requireNumbers: characters.includes('requireNumbers'),
    requireSymbols: characters.includes('requireSymbols'),
  };
}

/**
 * Amplify's identity-pool questions: the name (not asked again once the pool exists, as
 * Amplify's `preventEdit: 'exists'`), guest access, and third-party providers with their app ids.
 */
async function askIdentityPool(
  a: AuthAnswers,
  fixed: boolean,
  say: Say,
): Promise<IdentityPoolAnswers> {
  const current = a.identityPool;
  const name =
    fixed && current
      ? current.name
      : await input({
          message: 'Enter a name for your identity pool.',
          default: current?.name ?? defaultIdentityPoolName(a.resourceName),
          validate: (v) =>
            /^[A-Za-z0-9_]{1,100}$/.test(v) ||
            'The identity pool name must be at least 1 character and no more than 100, letters, digits or _.',
        });
  const allowUnauthenticated = await confirm({
    message:
      'Allow unauthenticated logins? (Provides scoped down permissions that you can control via AWS IAM)',
    default: current?.allowUnauthenticated ?? false,
  });
  const before = current?.loginProviders ?? {};
  const thirdParty = await confirm({
    message: 'Do you want to enable 3rd party authentication providers in your identity pool?',
    default: Object.keys(before).length > 0,
  });
  const pool: IdentityPoolAnswers = { name, allowUnauthenticated };
  if (!thirdParty) return pool;
  const chosen = await checkbox({
    message:
      'Select the third party identity providers you want to configure for your identity pool:',
    required: true,
    choices: (Object.keys(LOGIN_PROVIDERS) as LoginProvider[]).map((p) => ({
      name: LOGIN_PROVIDERS[p].name,
      value: p,
      checked: p in before,
    })),
  });
  const loginProviders: IdentityPoolAnswers['loginProviders'] = {};
  for (const p of chosen) {
    const meta = LOGIN_PROVIDERS[p];
    say(
      ` \n You've opted to allow users to authenticate via ${meta.name}.  If you haven't already, you'll need to go to ${meta.site} and create an App ID. \n`,
    );
    loginProviders[p] = await input({
      message: meta.question.trimEnd(),
      default: before[p],
      validate: nonEmpty,
    });
  }
  return { ...pool, loginProviders };
}

/** The manual walkthrough; `fixed` leaves out what cannot change on an existing pool. */
async function walkthrough(start: AuthAnswers, fixed: boolean, say: Say): Promise<AuthAnswers> {
  const a = structuredClone(start);
  const services = await selectOrLearn(
    {
      message: 'Select the authentication/authorization services that you want to use:',
      default: a.identityPool ? 'iam' : 'userpool',
      choices: [
        {
          name: 'User Sign-Up, Sign-In, connected with AWS IAM controls (Enables per-user Storage features for images or other content, Analytics, and more)',
          value: 'iam',
        },
        {
          name: 'User Sign-Up & Sign-In only (Best used with a cloud API only)',
          value: 'userpool',
        },
      ],
      learnMore: EXPLAIN.authSelections,
    },
    say,
  );
  if (!fixed) {
    const derived = a.userPoolName === `${a.resourceName}_userpool`;
    a.resourceName = checkResourceName(
      await input({
        message:
          'Provide a friendly name for your resource that will be used to label this category in the project:',
        default: a.resourceName,
        validate: (v) => /^[A-Za-z0-9]{1,128}$/.test(v) || 'Use 1 to 128 letters or digits.',
      }),
    );
    // A pool name that was only the default follows the new resource name.
    if (derived) a.userPoolName = `${a.resourceName}_userpool`;
  }
  a.identityPool = services === 'iam' ? await askIdentityPool(a, fixed, say) : undefined;
  a.userPoolName = await input({
    message: 'Provide a name for your user pool:',
    default: a.userPoolName,
    validate: (v) => /^[\w\s+=,.@-]{1,128}$/.test(v) || 'Use letters, digits, spaces and +=,.@-_',
  });
  if (!fixed) a.signIn = await askSignIn(a.signIn, say);
  a.userPoolGroups = await askGroupsQuestion(a.userPoolGroups ?? [], say);
  await askAdminQueries(say);
  a.mfa = await askMfa(a.mfa);
  a.devices = await askDevices(a);
  Object.assign(a, await askVerification(a));
  if (
    await confirm({
      message: 'Do you want to override the default password policy for this User Pool?',
      default: false,
    })
  ) {
    a.passwordPolicy = await askPasswordPolicy(a);
  }
  if (!fixed) a.requiredAttributes = await askRequired(a.requiredAttributes);
  a.customAttributes = await askCustomAttributes(a.customAttributes, say);
  a.refreshTokenDays =
    (await number({
      message: "Specify the app's refresh token expiration period (in days):",
      default: a.refreshTokenDays,
      min: 1,
      max: 3650,
      required: true,
    })) ?? a.refreshTokenDays;
  Object.assign(a, await askClientAttributes(a, say));
  Object.assign(a, await askCapabilities(a, say));
  a.oauth = await askHostedUi(a, Boolean(a.oauth), say);
  Object.assign(a, await askTriggers(a, say));
  return a;
}

/** `cognate add auth`'s questions, starting from `start` (the defaults). */
export async function askAddAuth(start: AuthAnswers, say: Say): Promise<AuthAnswers> {
  const a = structuredClone(start);
  a.useDefault = await selectOrLearn<AuthAnswers['useDefault']>(
    {
      message: 'Do you want to use the default authentication and security configuration?',
      choices: [
        { name: 'Default configuration', value: 'default' },
        { name: 'Default configuration with Social Provider (Federation)', value: 'defaultSocial' },
        { name: 'Manual configuration', value: 'manual' },
      ],
      learnMore: EXPLAIN.useDefault,
    },
    say,
  );
  if (a.useDefault === 'manual')
    return checkAnswers({ ...(await walkthrough(a, false, say)), useDefault: 'manual' });
  a.signIn = await askSignIn(a.signIn, say);
  if (a.signIn === 'phone') a.requiredAttributes = ['phone_number'];
  if (a.useDefault === 'defaultSocial') a.oauth = await askOAuth(a, false, say);
  const advanced = await select({
    message: 'Do you want to configure advanced settings?',
    choices: [
      { name: 'No, I am done.', value: false },
      { name: 'Yes, I want to make some additional changes.', value: true },
    ],
  });
  if (advanced) {
    a.requiredAttributes = await askRequired(a.requiredAttributes);
    Object.assign(a, await askCapabilities(a, say));
  }
  return checkAnswers(a);
}

/** `cognate update auth`'s questions, starting from the current answers. */
export async function askUpdateAuth(current: AuthAnswers, say: Say): Promise<AuthAnswers> {
  // Amplify's own entries for the redirect URIs and the providers need the hosted UI on.
  const noOAuth = current.oauth ? false : 'You have not initially configured OAuth.';
  const what = await select({
    message: 'What do you want to do?',
    choices: [
      { name: 'Walkthrough all the auth configurations', value: 'walkthrough' },
      { name: 'Update the password policy', value: 'password' },
      { name: 'Update multifactor authentication (MFA) and remembered devices', value: 'mfa' },
      { name: 'Add or change Lambda triggers', value: 'triggers' },
      { name: 'Add or change social providers and OAuth (Hosted UI)', value: 'oauth' },
      { name: 'Add/Edit signin and signout redirect URIs', value: 'callbacks', disabled: noOAuth },
      { name: 'Update OAuth social providers', value: 'providers', disabled: noOAuth },
      { name: 'Create or update Cognito user pool groups', value: 'groups' },
      { name: 'Create or update Admin queries API', value: 'adminQueries' },
    ] as const,
  });
  const a = structuredClone(current);
  if (what === 'walkthrough') return checkAnswers(await walkthrough(a, true, say));
  if (what === 'password') a.passwordPolicy = await askPasswordPolicy(a);
  if (what === 'mfa') {
    a.mfa = await askMfa(a.mfa);
    a.devices = await askDevices(a);
  }
  if (what === 'triggers') Object.assign(a, await askTriggers(a, say));
  if (what === 'oauth') a.oauth = await askHostedUi(a, true, say);
  if (what === 'groups') a.userPoolGroups = await askGroups(a.userPoolGroups ?? []);
  if (what === 'adminQueries') say(ADMIN_QUERIES_NOTE);
  if (what === 'callbacks' && a.oauth) a.oauth = await askRedirects(a.oauth);
  if (what === 'providers' && a.oauth) {
    Object.assign(
      a.oauth,
      await askProviders(
        a.oauth,
        say,
        'Select the identity providers you want to configure for your user pool:',
      ),
    );
  }
  return checkAnswers(a);
}
