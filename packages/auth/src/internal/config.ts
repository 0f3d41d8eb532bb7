import type { CookieStorageOptions } from './cookie-storage.ts';
import type { AuthStorage } from './storage.ts';

/**
 * Hosted UI (OAuth) settings, as in Amplify v5's `Auth.oauth` (v6's `loginWith.oauth`, with
 * `scopes` and lists of redirects, is read too).
 */
export interface OAuthOptions {
  /**
   * The hosted UI's domain, without scheme: URLs are `https://<domain>/oauth2/…`, as Amplify
   * builds them. On Cognito `auth.example.com` or `<prefix>.auth.<region>.amazoncognito.com`;
   * on Cognate a host with a path, `localhost:9229/domains/<prefix>`. A value that starts with
   * `http://` or `https://` is used as it is.
   */
  domain: string;
  /** Scopes to ask for. */
  scope?: string[];
  /** v6's name for `scope`. */
  scopes?: string[];
  /**
   * Where the hosted UI sends the user back after sign-in; with a list (v6), the one on the
   * page's own origin and path.
   */
  redirectSignIn: string | string[];
  /** Where the hosted UI sends the user back after sign-out (or a list, as redirectSignIn). */
  redirectSignOut: string | string[];
  /** `code` (PKCE) or `token` (implicit). @default 'code' */
  responseType?: 'code' | 'token';
  /** Opens the hosted UI's URL; default: `window.location.assign`. */
  urlOpener?: (url: string, redirectUrl: string) => Promise<unknown> | unknown;
  /** Extra options (e.g. `AdvancedSecurityDataCollectionFlag`); kept, unused. */
  options?: Record<string, unknown>;
}

/** Amplify v5's `Auth` configuration object, plus `endpoint` for a Cognate server. */
export interface AuthOptions {
  /** The user pool's region, e.g. `us-east-1`. */
  region?: string;
  /** The user pool id, e.g. `us-east-1_AbC123`. */
  userPoolId?: string;
  /** The app client id. */
  userPoolWebClientId?: string;
  /** The identity pool id, for AWS credentials. */
  identityPoolId?: string;
  /** The identity pool's region. @default region */
  identityPoolRegion?: string;
  /** Refuse guest credentials: currentCredentials needs a signed-in user. @default false */
  mandatorySignIn?: boolean;
  /** `code` or `link`: how sign-up is confirmed (autoSignIn uses it). @default 'code' */
  signUpVerificationMethod?: 'code' | 'link';
  /** Keep the session in cookies with these options. */
  cookieStorage?: CookieStorageOptions;
  /** Keep the session in this storage (wins over cookieStorage). */
  storage?: AuthStorage;
  /** The sign-in flow. @default 'USER_SRP_AUTH' */
  authenticationFlowType?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH';
  /** Client metadata sent with every call that takes it. */
  clientMetadata?: Record<string, string>;
  /** Hosted UI settings. */
  oauth?: OAuthOptions;
  /** The Cognito endpoint: a Cognate server's URL. @default https://cognito-idp.<region>.amazonaws.com/ */
  endpoint?: string;
  /** The Cognito Identity endpoint. @default endpoint, else https://cognito-identity.<identityPoolRegion>.amazonaws.com/ */
  identityPoolEndpoint?: string;
}

type Loose = Record<string, unknown>;

/** Maps aws-exports.js / amplifyconfiguration.json keys to Auth options (as parseAWSExports). */
function fromAwsExports(c: Loose): AuthOptions {
  const out: Loose = {};
  if (c.aws_user_pools_id) out.userPoolId = c.aws_user_pools_id;
  if (c.aws_user_pools_web_client_id) out.userPoolWebClientId = c.aws_user_pools_web_client_id;
  if (c.aws_cognito_region || c.aws_project_region)
    out.region = c.aws_cognito_region ?? c.aws_project_region;
  if (c.aws_cognito_identity_pool_id) {
    out.identityPoolId = c.aws_cognito_identity_pool_id;
    out.identityPoolRegion = c.aws_cognito_region ?? c.aws_project_region;
  }
  if (c.aws_mandatory_sign_in !== undefined)
    out.mandatorySignIn = c.aws_mandatory_sign_in === 'enable';
  const verify = c.aws_cognito_verification_mechanisms;
  if (Array.isArray(verify) && verify.length > 0) out.signUpVerificationMethod = 'code';
  if (c.oauth && typeof c.oauth === 'object' && Object.keys(c.oauth).length > 0)
    out.oauth = c.oauth as OAuthOptions;
  if (c.aws_user_pools_endpoint) out.endpoint = c.aws_user_pools_endpoint;
  return out as AuthOptions;
}

/** Maps Amplify v6's `Auth.Cognito` shape. */
function fromV6(c: Loose): AuthOptions {
  const out: Loose = {
    userPoolId: c.userPoolId,
    userPoolWebClientId: c.userPoolClientId,
    identityPoolId: c.identityPoolId,
    endpoint: c.userPoolEndpoint,
    identityPoolEndpoint: c.identityPoolEndpoint,
  };
  if (typeof c.userPoolId === 'string') out.region = c.userPoolId.split('_')[0];
  // v6 hands out guest credentials only when allowGuestAccess is true.
  if (c.identityPoolId !== undefined || c.allowGuestAccess !== undefined) {
    out.mandatorySignIn = c.allowGuestAccess !== true;
  }
  out.oauth = (c.loginWith as Loose | undefined)?.oauth;
  return defined(out) as AuthOptions;
}

/** Maps Amplify Gen 2's amplify_outputs.json `auth` section. */
function fromOutputs(c: Loose): AuthOptions {
  return defined({
    userPoolId: c.user_pool_id,
    userPoolWebClientId: c.user_pool_client_id,
    region: c.aws_region,
    identityPoolId: c.identity_pool_id,
  }) as AuthOptions;
}

/** `o` without its undefined values (derived shapes must not clear explicit settings). */
function defined(o: Loose): Loose {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

// The keys that mark an object as the Auth options themselves (Auth.configure({...})).
const AUTH_KEYS = [
  'region',
  'userPoolId',
  'userPoolWebClientId',
  'identityPoolId',
  'identityPoolRegion',
  'mandatorySignIn',
  'signUpVerificationMethod',
  'cookieStorage',
  'storage',
  'authenticationFlowType',
  'clientMetadata',
  'oauth',
  'endpoint',
  'identityPoolEndpoint',
];

/**
 * Reads any of the configuration shapes Amplify accepts: `{ Auth: {...} }` (v5), the Auth
 * object itself, aws-exports.js / amplifyconfiguration.json, `{ Auth: { Cognito } }` (v6) and
 * amplify_outputs.json; later shapes win over earlier ones, as in Amplify's own merge.
 */
export function parseConfig(input: unknown): AuthOptions {
  if (!input || typeof input !== 'object') return {};
  const c = input as Loose;
  const parts: AuthOptions[] = [fromAwsExports(c)];
  if (c.auth && typeof c.auth === 'object') parts.push(fromOutputs(c.auth as Loose));
  const auth = c.Auth as Loose | undefined;
  if (auth && typeof auth === 'object') {
    if (auth.Cognito && typeof auth.Cognito === 'object') parts.push(fromV6(auth.Cognito as Loose));
    else parts.push(auth as AuthOptions);
  }
  parts.push(Object.fromEntries(AUTH_KEYS.filter((k) => k in c).map((k) => [k, c[k]])));
  // As Amplify's Object.assign merge: a key given as undefined clears an earlier value.
  const merged: Loose = {};
  for (const part of parts) Object.assign(merged, part);
  // aws-exports.js carries `oauth: {}` when the hosted UI is off.
  if (merged.oauth && Object.keys(merged.oauth as object).length === 0) delete merged.oauth;
  return merged as AuthOptions;
}
