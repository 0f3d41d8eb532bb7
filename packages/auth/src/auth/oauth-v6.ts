// aws-amplify v6's signInWithRedirect and its completion (utils/oauth/*), with v6's storage:
// the flow's keys `CognitoIdentityServiceProvider.<clientId>.inflightOAuth`,
// `.inflightOAuthDeadline`, `.oauthState`, `.oauthPKCE` and `.oauthSignIn` live in the default
// storage (localStorage in browsers) whatever the token storage, and
// `CognitoIdentityServiceProvider.<clientId>.<username>.oauthMetadata` next to the tokens, so
// a redirect started by either library completes in the other.
import { userKey } from '../internal/cache.ts';
import { Hub } from '../internal/hub.ts';
import { currentUserPoolUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import { defaultStorage } from '../internal/storage.ts';
import {
  clearHistory,
  codeChallenge,
  customStateOf,
  encodeState,
  exchangeCode,
  hostedUIBase,
  oauthSettings,
  openUrl,
  randomString,
  responseParams,
  storeHostedSession,
  v6Error,
} from './hosted-ui-links.ts';

/** v6's signInWithRedirect input. */
export interface SignInWithRedirectInput {
  /**
   * `'Google' | 'Facebook' | 'Amazon' | 'Apple'`, `{ custom: '<ProviderName>' }` or
   * `{ idpIdentifier }`; none for the hosted sign-in page.
   */
  provider?:
    | 'Amazon'
    | 'Apple'
    | 'Facebook'
    | 'Google'
    | { custom: string }
    | { idpIdentifier: string };
  /** Text handed back in the `customOAuthState` Hub event. */
  customState?: string;
  options?: {
    /** Kept for v6's signature; browsers have no private session to prefer. */
    preferPrivateSession?: boolean;
    loginHint?: string;
    lang?: string;
    nonce?: string;
    /** `NONE`, `LOGIN`, `CONSENT` or `SELECT_ACCOUNT`; sent lower-case. */
    prompt?: string;
  };
}

// v6's cognitoHostedUIIdentityProviderMap.
const PROVIDERS: Record<string, string> = {
  Google: 'Google',
  Facebook: 'Facebook',
  Amazon: 'LoginWithAmazon',
  Apple: 'SignInWithApple',
};

// v6's OAUTH_INFLIGHT_TTL_MS: how long other calls treat the flow as in flight.
const INFLIGHT_TTL_MS = 5 * 60 * 1000;

const key = (clientId: string, name: string) =>
  `CognitoIdentityServiceProvider.${clientId}.${name}`;

/** True when a signInWithRedirect of this client is waiting for its return. */
export function v6RedirectInFlight(): boolean {
  const clientId = getState().config.userPoolWebClientId;
  return !!clientId && defaultStorage().getItem(key(clientId, 'inflightOAuth')) === 'true';
}

/** Forgets the flow in flight (v6 clearOAuthInflightData). */
function clearInflight(clientId: string): void {
  const store = defaultStorage();
  for (const name of ['inflightOAuth', 'inflightOAuthDeadline', 'oauthPKCE', 'oauthState']) {
    store.removeItem(key(clientId, name));
  }
}

/** Forgets the flow and the signed-in-with-redirect marks (v6 clearOAuthData). */
export function clearV6OAuthData(clientId: string): void {
  clearInflight(clientId);
  const store = defaultStorage();
  store.removeItem('amplify-signin-with-hostedUI');
  store.removeItem(key(clientId, 'oauthSignIn'));
}

/**
 * Signs in through the hosted UI (aws-amplify v6 `signInWithRedirect`): refuses when a user is
 * signed in (unless `options.prompt` is set), stores state and PKCE verifier under v6's keys
 * and sends the browser to `https://<domain>/oauth2/authorize`. `Amplify.configure` on the
 * `redirectSignIn` page completes it and dispatches `customOAuthState`, `signInWithRedirect`
 * and `signedIn` (or `signInWithRedirect_failure`).
 */
export async function signInWithRedirect(input?: SignInWithRedirectInput): Promise<void> {
  const s = oauthSettings();
  const options = input?.options ?? {};
  if (!options.prompt && (await currentUserPoolUser().catch(() => null))) {
    throw v6Error(
      'UserAlreadyAuthenticatedException',
      'There is already a signed in user.',
      'Call signOut before calling signIn again.',
    );
  }
  const p = input?.provider;
  let provider: string | undefined = 'COGNITO';
  let idpIdentifier: string | undefined;
  if (typeof p === 'string') provider = PROVIDERS[p];
  else if (p && 'custom' in p && p.custom) provider = p.custom;
  else if (p && 'idpIdentifier' in p && p.idpIdentifier) idpIdentifier = p.idpIdentifier;
  else if (options.prompt === 'NONE') provider = undefined;

  const random = randomString(32);
  const state = input?.customState ? `${random}-${encodeState(input.customState)}` : random;
  const verifier = randomString(128);
  const store = defaultStorage();
  if ((globalThis as { document?: unknown }).document) {
    store.setItem(key(s.clientId, 'inflightOAuthDeadline'), String(Date.now() + INFLIGHT_TTL_MS));
    store.setItem(key(s.clientId, 'inflightOAuth'), 'true');
  }
  store.setItem(key(s.clientId, 'oauthState'), state);
  store.setItem(key(s.clientId, 'oauthPKCE'), verifier);

  const params = new URLSearchParams();
  params.append('redirect_uri', s.redirectSignIn);
  params.append('response_type', s.responseType);
  params.append('client_id', s.clientId);
  if (idpIdentifier) params.append('idp_identifier', idpIdentifier);
  else if (provider) params.append('identity_provider', provider);
  params.append('scope', s.scopes.join(' '));
  if (options.loginHint) params.append('login_hint', options.loginHint);
  if (options.lang) params.append('lang', options.lang);
  if (options.nonce) params.append('nonce', options.nonce);
  if (options.prompt) params.append('prompt', options.prompt.toLowerCase());
  params.append('state', state);
  if (s.responseType === 'code') {
    params.append('code_challenge', await codeChallenge(verifier));
    params.append('code_challenge_method', 'S256');
  }
  await openUrl(s, `${hostedUIBase(s.domain)}/oauth2/authorize?${params}`, s.redirectSignIn);
}

/** v6's OAuthSignInException. */
function oauthError(message: string): Error {
  return v6Error(
    'OAuthSignInException',
    message,
    'Make sure Cognito Hosted UI has been configured correctly',
  );
}

/**
 * Completes a signInWithRedirect from the URL it returned to (v6 completeOAuthFlow): the code
 * flow needs `code` and the saved `state`; the implicit flow reads the fragment. Tokens are
 * stored under the usual keys with `oauthMetadata`; Hub gets `customOAuthState`,
 * `signInWithRedirect` and `signedIn`, or `signInWithRedirect_failure` with `{ error }`.
 */
export async function completeV6Redirect(url: string): Promise<void> {
  const s = oauthSettings();
  const store = defaultStorage();
  try {
    const query = new URL(url).searchParams;
    const error = query.get('error');
    if (error) throw oauthError(query.get('error_description') ?? error);
    const params = s.responseType === 'code' ? query : responseParams(url);
    const fragmentError = params.get('error');
    if (fragmentError) throw oauthError(params.get('error_description') ?? fragmentError);
    const state = params.get('state');
    let tokens: Parameters<typeof storeHostedSession>[0];
    if (s.responseType === 'code') {
      const code = params.get('code');
      if (!code || !state) throw oauthError('User cancelled OAuth flow.');
      validateState(s.clientId, state);
      tokens = await exchangeCode(s, code, store.getItem(key(s.clientId, 'oauthPKCE')));
      if (tokens.error) throw oauthError(tokens.error_message ?? tokens.error);
    } else {
      tokens = {
        access_token: params.get('access_token') ?? undefined,
        id_token: params.get('id_token') ?? undefined,
      };
      if (!tokens.access_token) throw oauthError('No access token returned from OAuth flow.');
      validateState(s.clientId, state);
    }
    const user = storeHostedSession(tokens, 'username');
    getState().storage.setItem(
      userKey(s.clientId, user.getUsername(), 'oauthMetadata'),
      JSON.stringify({ oauthSignIn: true }),
    );
    clearV6OAuthData(s.clientId);
    store.setItem(key(s.clientId, 'oauthSignIn'), 'true,false');
    clearHistory(s.redirectSignIn);
    const custom = customStateOf(state ?? '');
    if (custom !== undefined)
      Hub.dispatch('auth', { event: 'customOAuthState', data: custom }, 'Auth');
    Hub.dispatch('auth', { event: 'signInWithRedirect' }, 'Auth');
    // v6's getCurrentUser() of a redirect sign-in: no signInDetails.
    const payload = user.signInUserSession?.getAccessToken().decodePayload() ?? {};
    const data = { username: String(payload.username), userId: String(payload.sub) };
    Hub.dispatch('auth', { event: 'signedIn', data }, 'Auth');
  } catch (error) {
    clearInflight(s.clientId);
    Hub.dispatch('auth', { event: 'signInWithRedirect_failure', data: { error } }, 'Auth');
  }
}

/** v6 validateState: the returned state must be the saved one (v6 `oauthSignInError`). */
function validateState(clientId: string, state: string | null): void {
  const saved = defaultStorage().getItem(key(clientId, 'oauthState'));
  if (!saved || state !== saved) {
    throw v6Error(
      'oauthSignInError',
      state === null
        ? '`signInWithRedirect` has been canceled.'
        : 'An error occurred while validating the state.',
      state === null ? undefined : 'Try to initiate an OAuth flow from Amplify',
    );
  }
}
