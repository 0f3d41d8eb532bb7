// The hosted UI answers (Amplify's hostedUI, hostedUIDomainName, oAuthMetadata,
// authProvidersUserPool, hostedUIProviderMeta and hostedUIProviderCreds) and the Cognito shapes
// they stand for. The provider defaults (authorize scopes, attribute mapping) are the Amplify
// CLI's own (amplify-category-auth `userPoolProviders` and its `attributeProviderMap`), so a pool
// made here federates exactly as one made by `amplify push`.

/** A social identity provider Amplify offers (CreateIdentityProvider's ProviderType too). */
export type SocialProvider = 'Facebook' | 'Google' | 'LoginWithAmazon' | 'SignInWithApple';
export const SOCIAL_PROVIDERS: readonly SocialProvider[] = [
  'Facebook',
  'Google',
  'LoginWithAmazon',
  'SignInWithApple',
];

/** Amplify's names in its prompts, and its keys in `aws_cognito_social_providers`. */
export const PROVIDER_LABELS: Record<SocialProvider, { name: string; key: string }> = {
  Facebook: { name: 'Facebook', key: 'FACEBOOK' },
  Google: { name: 'Google', key: 'GOOGLE' },
  LoginWithAmazon: { name: 'Login With Amazon', key: 'AMAZON' },
  SignInWithApple: { name: 'Sign in with Apple', key: 'APPLE' },
};

/** An OAuth flow of the web client: authorization code grant or implicit grant. */
export type OAuthFlow = 'code' | 'implicit';
export const OAUTH_FLOWS: readonly OAuthFlow[] = ['code', 'implicit'];

/** The scopes Amplify offers, in its order (all of them by default). */
export const OAUTH_SCOPES = [
  'phone',
  'email',
  'openid',
  'profile',
  'aws.cognito.signin.user.admin',
];

/**
 * A provider's app credentials, in CreateIdentityProvider's `ProviderDetails` names (and the
 * Amplify CLI's `hostedUIProviderCreds`): `client_id` and `client_secret`, or for Sign in with
 * Apple `client_id` (the services id), `team_id`, `key_id` and `private_key`.
 */
export interface ProviderCredential {
  client_id: string;
  client_secret?: string;
  team_id?: string;
  key_id?: string;
  private_key?: string;
}

/** Credentials by provider. */
export type ProviderCredentials = Partial<Record<SocialProvider, ProviderCredential>>;

/** The hosted UI answers. */
export interface OAuthAnswers {
  /** The domain prefix; push creates the pool domain `<prefix>-<env>`, as the Amplify CLI does. */
  domainPrefix: string;
  /** The web client's `CallbackURLs`. */
  redirectSignIn: string[];
  /** The web client's `LogoutURLs`. */
  redirectSignOut: string[];
  /** `AllowedOAuthFlows` (Amplify asks for one). */
  flows: OAuthFlow[];
  /** `AllowedOAuthScopes`. */
  scopes: string[];
  /** The social providers, each created on the pool and listed in `SupportedIdentityProviders`. */
  providers: SocialProvider[];
  /**
   * The providers' app ids and secrets. Never written to `cli-inputs.json`: they are kept per
   * environment in `cognate/.config/local-secrets.json`, which `cognate init` keeps out of git.
   */
  credentials?: ProviderCredentials;
}

/** Amplify's "default configuration with social provider": code grant, every scope. */
export function defaultOAuth(resourceName: string): OAuthAnswers {
  const base =
    resourceName
      .toLowerCase()
      .replace(/aws|amazon|cognito/g, '')
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 40) || 'auth';
  return {
    domainPrefix: base,
    redirectSignIn: ['http://localhost:3000/'],
    redirectSignOut: ['http://localhost:3000/'],
    flows: ['code'],
    scopes: [...OAUTH_SCOPES],
    providers: [],
  };
}

/** Cognito's domain prefix rule, and Amplify's refusal of the reserved words. */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    return "The value must be a valid domain name format.  A valid format consists of lowercase alphanumeric characters or hyphens. Hyphens cannot be at the beginning or end of the string. The domain cannot use the reserved words 'aws', 'amazon', or 'cognito'.";
  }
  return undefined;
}

/**
 * Amplify's check of a redirect URI: https, or http on localhost, ending with a slash; or an
 * app's own scheme (`myapp://`).
 */
export function redirectUriProblem(uri: string): string | undefined {
  const web = /^(?!http:\/\/(?!localhost))[a-zA-Z0-9.]+:\/\/[a-zA-Z0-9\-._~:?#@!$&'()*+,;=/]+\/$/;
  const app = /^(?!http)(?!https)[a-zA-Z0-9.]+:\/\/$/;
  if (web.test(uri) || app.test(uri)) return undefined;
  return 'The value must be a valid URI with a trailing forward slash. HTTPS must be used instead of HTTP unless you are using localhost.';
}

/** What a provider's credentials must hold. */
export function credentialKeys(provider: SocialProvider): (keyof ProviderCredential)[] {
  return provider === 'SignInWithApple'
    ? ['client_id', 'team_id', 'key_id', 'private_key']
    : ['client_id', 'client_secret'];
}

/** Checks the hosted UI answers; `fail` throws with the member's name. */
export function checkOAuth(o: OAuthAnswers, fail: (message: string) => never): void {
  if (typeof o !== 'object' || o === null) fail('oauth must be a JSON object, or null for none');
  const prefixProblem =
    typeof o.domainPrefix === 'string' ? domainPrefixProblem(o.domainPrefix) : 'text is needed';
  if (prefixProblem) fail(`oauth.domainPrefix "${o.domainPrefix}": ${prefixProblem}`);
  for (const key of ['redirectSignIn', 'redirectSignOut'] as const) {
    const uris = o[key];
    if (!Array.isArray(uris) || uris.length === 0) fail(`oauth.${key} must list at least one URI`);
    for (const uri of uris) {
      const problem = typeof uri === 'string' ? redirectUriProblem(uri) : 'not text';
      if (problem) fail(`oauth.${key} "${uri}": ${problem}`);
    }
  }
  if (
    !Array.isArray(o.flows) ||
    o.flows.length === 0 ||
    o.flows.some((f) => !OAUTH_FLOWS.includes(f))
  ) {
    fail(`oauth.flows must list code and/or implicit, not ${JSON.stringify(o.flows)}`);
  }
  if (
    !Array.isArray(o.scopes) ||
    o.scopes.length === 0 ||
    o.scopes.some((s) => typeof s !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/.test(s))
  ) {
    fail(`oauth.scopes must list scopes (${OAUTH_SCOPES.join(', ')} or <resource server>/<scope>)`);
  }
  if (!Array.isArray(o.providers) || o.providers.some((p) => !SOCIAL_PROVIDERS.includes(p))) {
    fail(
      `oauth.providers must list ${SOCIAL_PROVIDERS.join(', ')}, not ${JSON.stringify(o.providers)}`,
    );
  }
  if (new Set(o.providers).size !== o.providers.length) fail('oauth.providers names one twice');
  for (const [provider, credential] of Object.entries(o.credentials ?? {})) {
    const p = provider as SocialProvider;
    if (!SOCIAL_PROVIDERS.includes(p)) fail(`oauth.credentials: unknown provider ${provider}`);
    if (credential === null || credential === undefined) continue;
    for (const key of credentialKeys(p)) {
      const value = (credential as unknown as Record<string, unknown>)[key];
      if (typeof value !== 'string' || value.trim() === '') {
        fail(`oauth.credentials.${provider}.${key} must be text`);
      }
    }
    if (p === 'SignInWithApple' && !/^[A-Za-z0-9+/=]+$/.test(credential.private_key ?? '')) {
      fail(`oauth.credentials.SignInWithApple.private_key: ${APPLE_KEY_PROBLEM}`);
    }
  }
}

export const APPLE_KEY_PROBLEM =
  'Private key provided is invalid. You must provide the entire key (including the -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- on a single line)';

/** Amplify's check of Apple's private key (the PEM, on one line or several). */
export function privateKeyLooksRight(key: string): boolean {
  return /(-+BEGIN PRIVATE KEY-+)([\s\S]+[^-])(-+END PRIVATE KEY-+)/.test(key);
}

/**
 * Amplify's `extractApplePrivateKey`: the key's base64 body, without the PEM armour, spaces or
 * line breaks, which is what it sends to CreateIdentityProvider as `private_key`.
 */
export function applePrivateKey(key: string): string {
  const flat = key.replace(/[\r\n\s]+/g, '');
  return /(-+BEGINPRIVATEKEY-+)(.+[^-])(-+ENDPRIVATEKEY-+)/.exec(flat)?.[2] ?? flat;
}

type Provider = 'facebook' | 'google' | 'loginwithamazon' | 'signinwithapple';

/**
 * Amplify's `attributeProviderMap`: the provider attribute (and the scope it needs) each user
 * pool attribute is mapped from. Attributes a provider cannot give are left out.
 */
const ATTRIBUTE_MAP: Record<string, Partial<Record<Provider, [attr: string, scope: string]>>> = {
  birthdate: { facebook: ['birthday', 'public_profile'], google: ['birthdays', 'profile'] },
  email: {
    facebook: ['email', 'email'],
    google: ['email', 'email'],
    loginwithamazon: ['email', 'profile'],
    signinwithapple: ['email', 'email'],
  },
  family_name: {
    facebook: ['last_name', 'public_profile'],
    google: ['family_name', 'profile'],
    signinwithapple: ['lastName', 'name'],
  },
  gender: { facebook: ['gender', 'public_profile'], google: ['genders', 'profile'] },
  given_name: {
    facebook: ['first_name', 'public_profile'],
    google: ['given_name', 'profile'],
    signinwithapple: ['firstName', 'name'],
  },
  locale: { loginwithamazon: ['postal_code', 'postal_code'] },
  middle_name: { facebook: ['middle_name', 'public_profile'] },
  name: {
    facebook: ['name', 'public_profile'],
    google: ['name', 'profile'],
    loginwithamazon: ['name', 'profile'],
    signinwithapple: ['name', 'name'],
  },
  phone_number: { google: ['phoneNumbers', 'profile'] },
  picture: { facebook: ['picture', 'public_profile'], google: ['picture', 'profile'] },
  username: {
    facebook: ['id', 'public_profile'],
    google: ['sub', 'profile'],
    loginwithamazon: ['user_id', 'profile:user_id'],
  },
  updated_at: { facebook: ['updated_at', 'public_profile'] },
};

/**
 * Amplify's `hostedUIProviderMeta` entry of a provider: the scopes to ask it for (comma-joined
 * for Facebook, space-joined otherwise; Google always with `openid`) and the attribute mapping of
 * the pool's required attributes and the username.
 */
export function providerMeta(
  provider: SocialProvider,
  requiredAttributes: string[],
): { authorize_scopes: string; AttributeMapping: Record<string, string> } {
  const key = provider.toLowerCase() as Provider;
  const scopes: string[] = [];
  const mapping: Record<string, string> = {};
  for (const attribute of [...requiredAttributes, 'username']) {
    const entry = ATTRIBUTE_MAP[attribute]?.[key];
    if (entry && !scopes.includes(entry[1])) scopes.push(entry[1]);
    if (provider === 'Google' && !scopes.includes('openid')) scopes.unshift('openid');
    if (entry) mapping[attribute] = entry[0];
  }
  return {
    authorize_scopes: scopes.join(provider === 'Facebook' ? ',' : ' '),
    AttributeMapping: mapping,
  };
}

/** The pool domain push creates for a prefix in an environment (Amplify's `<prefix>-<env>`). */
export function domainFor(prefix: string, envName: string): string {
  return `${prefix}-${envName}`;
}

/** The prefix back from a domain made by `domainFor` (or the domain when it was not). */
export function prefixOf(domain: string, envName: string): string {
  const suffix = `-${envName}`;
  return domain.endsWith(suffix) && domain.length > suffix.length
    ? domain.slice(0, -suffix.length)
    : domain;
}
