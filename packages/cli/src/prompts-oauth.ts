import { checkbox, confirm, input, password, select } from '@inquirer/prompts';
import type { AuthAnswers } from './answers.ts';
import {
  APPLE_KEY_PROBLEM,
  applePrivateKey,
  defaultOAuth,
  domainPrefixProblem,
  OAUTH_SCOPES,
  type OAuthAnswers,
  type OAuthFlow,
  PROVIDER_LABELS,
  type ProviderCredential,
  type ProviderCredentials,
  privateKeyLooksRight,
  redirectUriProblem,
  SOCIAL_PROVIDERS,
  type SocialProvider,
} from './oauth.ts';

// The Amplify CLI's hosted UI questions (amplify-category-auth `supported-services`), with its
// wording, order and checks: domain prefix, redirect URIs one at a time ("Do you want to add
// another …"), the OAuth flow and scopes (manual configuration), the social providers and their
// app ids and secrets.

const uriCheck = (v: string) => redirectUriProblem(v.trim()) ?? true;

/** One URI, then "Do you want to add another …?" until no; `current` gives the defaults. */
async function askUris(question: string, loop: string, current: string[]): Promise<string[]> {
  const uris: string[] = [];
  for (;;) {
    const given = await input({
      message: question,
      default: current[uris.length],
      validate: uriCheck,
    });
    uris.push(given.trim());
    const more = await confirm({
      message: `Do you want to add another ${loop}`,
      default: uris.length < current.length,
    });
    if (!more) return [...new Set(uris)];
  }
}

/** A secret: masked, and kept as it is when one exists and nothing is typed. */
async function askSecret(
  message: string,
  current: string | undefined,
  check?: (v: string) => string | true,
) {
  const value = await password({
    message: current ? `${message}(leave empty to keep the current one) ` : message,
    mask: '*',
    validate: (v) =>
      v === '' && current ? true : v.trim() === '' ? 'A value is required.' : (check?.(v) ?? true),
  });
  return value === '' && current ? current : value.trim();
}

const PREFIX: Record<SocialProvider, string> = {
  Facebook:
    "You've opted to allow users to authenticate via Facebook.  If you haven't already, you'll need to go to https://developers.facebook.com and create an App ID.",
  Google:
    "You've opted to allow users to authenticate via Google.  If you haven't already, you'll need to go to https://developers.google.com/identity and create an App ID.",
  LoginWithAmazon:
    "You've opted to allow users to authenticate via Amazon.  If you haven't already, you'll need to create an Amazon App ID. Head to https://docs.amplify.aws/lib/auth/social/q/platform/js#setup-your-auth-provider to learn more.",
  SignInWithApple:
    "You've opted to allow users to authenticate via Sign in with Apple. If you haven't already, you'll need to go to https://developer.apple.com/account/#/welcome and configure Sign in with Apple.",
};

/** Amplify's questions for a provider's app id and secret (Apple: services id, team, key). */
async function askCredential(
  provider: SocialProvider,
  current: ProviderCredential | undefined,
  say: (line: string) => void,
): Promise<ProviderCredential> {
  say(` \n ${PREFIX[provider]} \n`);
  const id = (message: string, value: string | undefined) =>
    input({ message, default: value, validate: (v) => v.trim() !== '' || 'A value is required.' });
  if (provider === 'SignInWithApple') {
    const client_id = (
      await id('Enter your Services ID for your OAuth flow: ', current?.client_id)
    ).trim();
    const team_id = (await id('Enter your Team ID for your OAuth flow: ', current?.team_id)).trim();
    const key_id = (await id('Enter your Key ID for your OAuth flow: ', current?.key_id)).trim();
    const key = await askSecret(
      'Enter your Private Key for your OAuth flow (entire key without line breaks): ',
      current?.private_key,
      (v) => privateKeyLooksRight(v) || APPLE_KEY_PROBLEM,
    );
    return { client_id, team_id, key_id, private_key: applePrivateKey(key) };
  }
  const names = {
    Facebook: ['Facebook App ID', 'Facebook App Secret'],
    Google: ['Google Web Client ID', 'Google Web Client Secret'],
    LoginWithAmazon: ['Amazon App ID', 'Amazon App Secret'],
  }[provider];
  const client_id = (
    await id(`Enter your ${names[0]} for your OAuth flow: `, current?.client_id)
  ).trim();
  const client_secret = await askSecret(
    `Enter your ${names[1]} for your OAuth flow: `,
    current?.client_secret,
  );
  return { client_id, client_secret };
}

/** "Select the social providers…" and each chosen provider's credentials. */
export async function askProviders(
  o: OAuthAnswers,
  say: (line: string) => void,
  message = 'Select the social providers you want to configure for your user pool:',
): Promise<Pick<OAuthAnswers, 'providers' | 'credentials'>> {
  const providers = await checkbox<SocialProvider>({
    message,
    choices: SOCIAL_PROVIDERS.map((p) => ({
      name: PROVIDER_LABELS[p].name,
      value: p,
      checked: o.providers.includes(p),
    })),
  });
  const credentials: ProviderCredentials = {};
  for (const p of providers) credentials[p] = await askCredential(p, o.credentials?.[p], say);
  return { providers, credentials };
}

/**
 * The hosted UI walkthrough. `manual` (Amplify's manual configuration) asks for the OAuth flow
 * and scopes too; the default configuration with social provider takes the code grant and every
 * scope.
 */
export async function askOAuth(
  a: AuthAnswers,
  manual: boolean,
  say: (line: string) => void,
): Promise<OAuthAnswers> {
  const current = a.oauth ?? defaultOAuth(a.resourceName);
  const domainPrefix = (
    await input({
      message: 'What domain name prefix do you want to use?',
      default: current.domainPrefix,
      validate: (v) => domainPrefixProblem(v.trim()) ?? true,
    })
  ).trim();
  const redirectSignIn = await askUris(
    'Enter your redirect signin URI:',
    'redirect signin URI',
    current.redirectSignIn,
  );
  const redirectSignOut = await askUris(
    'Enter your redirect signout URI:',
    'redirect signout URI',
    current.redirectSignOut,
  );
  let { flows, scopes } = current;
  if (manual) {
    flows = [
      await select<OAuthFlow>({
        message: 'Select the OAuth flows enabled for this project.',
        default: current.flows[0],
        choices: [
          { name: 'Authorization code grant', value: 'code' },
          { name: 'Implicit grant', value: 'implicit' },
        ],
      }),
    ];
    scopes = await checkbox({
      message: 'Select the OAuth scopes enabled for this project.',
      required: true,
      choices: [...OAUTH_SCOPES, ...current.scopes.filter((s) => !OAUTH_SCOPES.includes(s))].map(
        (s) => ({
          name: { phone: 'Phone', email: 'Email', openid: 'OpenID', profile: 'Profile' }[s] ?? s,
          value: s,
          checked: current.scopes.includes(s),
        }),
      ),
    });
  }
  const providers = await askProviders(current, say);
  return { domainPrefix, redirectSignIn, redirectSignOut, flows, scopes, ...providers };
}

/**
 * Amplify's "Add/Edit signin and signout redirect URIs": pick URIs to edit (an empty answer
 * removes one), then add new ones.
 */
export async function askRedirects(o: OAuthAnswers): Promise<OAuthAnswers> {
  const edit = async (list: string[], kind: 'signin' | 'signout') => {
    const chosen = await checkbox({
      message: `Which redirect ${kind} URIs do you want to edit?`,
      choices: list.map((u) => ({ name: u, value: u })),
    });
    let out = [...list];
    for (const uri of chosen) {
      const updated = (
        await input({
          message: `Update ${uri} (empty to remove)`,
          default: uri,
          validate: (v) => v.trim() === '' || uriCheck(v),
        })
      ).trim();
      out = out.flatMap((u) => (u === uri ? (updated ? [updated] : []) : [u]));
    }
    if (await confirm({ message: `Do you want to add redirect ${kind} URIs?`, default: false })) {
      out.push(
        ...(await askUris(`Enter your new redirect ${kind} URI:`, `redirect ${kind} URI`, [])),
      );
    }
    return [...new Set(out)];
  };
  const redirectSignIn = await edit(o.redirectSignIn, 'signin');
  const redirectSignOut = await edit(o.redirectSignOut, 'signout');
  return { ...o, redirectSignIn, redirectSignOut };
}
