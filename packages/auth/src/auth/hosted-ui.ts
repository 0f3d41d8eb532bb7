// The hosted UI's way back, as Amplify v5's _handleAuthResponse and OAuth.handleAuthResponse do
// it: the redirect to `redirectSignIn` carries a code (or, implicit, tokens) that become the
// session; and the way out through `/logout`.
import { userKey } from '../internal/cache.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { credentialsAfterSignIn } from './credentials.ts';
import { v5FlowStorage } from './federated.ts';
import {
  clearHistory,
  customStateOf,
  exchangeCode,
  hostedUIBase,
  logoutUrl,
  oauthSettings,
  openUrl,
  responseParams,
  storeHostedSession,
  type TokenResponse,
} from './hosted-ui-links.ts';
import { clearV6OAuthData, completeV6Redirect, v6RedirectInFlight } from './oauth-v6.ts';

// URLs already handled: configure may run more than once on a page (Amplify.configure, then
// Auth.configure), and a code is good for one exchange only.
const handled = new Set<string>();

/**
 * Finishes a hosted-UI sign-in when the page was loaded from its redirect: v6's flow when
 * signInWithRedirect left one in flight, else v5's (configure calls this, as Amplify's
 * urlListener does, once per URL).
 */
export async function completeRedirect(url: string): Promise<void> {
  if (handled.has(url)) return;
  handled.add(url);
  try {
    if (v6RedirectInFlight()) await completeV6Redirect(url);
    else await handleAuthResponse(url);
  } catch {
    // reported on the Hub
  }
}

/**
 * Completes a hosted-UI sign-in from the URL it redirected to (Amplify v5's
 * `_handleAuthResponse`): dispatches `parsingCallbackUrl`; when the URL carries a code, tokens
 * or an error, checks `state`, exchanges the code at `/oauth2/token` with the PKCE verifier
 * (`codeFlow`) or reads the implicit tokens (`implicitFlow`), stores the session under the
 * usual keys, and dispatches `signIn`, `cognitoHostedUI` and, with a custom state,
 * `customOAuthState`. Failures dispatch `signIn_failure`, `cognitoHostedUI_failure` and
 * `customState_failure`, and reject. Resolves undefined when the URL carries no response.
 */
export async function handleAuthResponse(url: string): Promise<CognitoUser | undefined> {
  const { config, storage } = getState();
  if (!config.oauth) return undefined;
  if (!config.userPoolId) throw new Error('OAuth responses require a User Pool defined in config');
  dispatchAuthEvent('parsingCallbackUrl', { url }, 'The callback url is being parsed');
  const parsed = new URL(url);
  const query = new URLSearchParams(parsed.search);
  const hash = new URLSearchParams(parsed.hash.slice(1));
  if (!query.has('code') && !query.has('error') && !hash.has('access_token') && !hash.has('error'))
    return undefined;
  storage.setItem('amplify-redirected-from-hosted-ui', 'true');
  const s = oauthSettings();
  const params = responseParams(url);
  const store = v5FlowStorage();
  try {
    if (params.has('error')) {
      throw new Error(params.get('error_description') || params.get('error') || 'OAuth error');
    }
    // Amplify v5 reads the saved state once. It accepts a response when nothing was saved; a
    // response this page did not ask for is refused here (it could sign the user in as
    // someone else).
    const saved = store.getItem('oauth_state');
    store.removeItem('oauth_state');
    const state = params.get('state') ?? '';
    if (!saved || saved !== state) throw new Error('Invalid state in OAuth flow');
    let tokens: TokenResponse;
    if (s.responseType === 'code') {
      const endpoint = `${hostedUIBase(s.domain)}/oauth2/token`;
      dispatchAuthEvent('codeFlow', {}, `Retrieving tokens from ${endpoint}`);
      const verifier = store.getItem('ouath_pkce_key');
      store.removeItem('ouath_pkce_key');
      tokens = await exchangeCode(s, query.get('code') ?? '', verifier);
      if (tokens.error) throw new Error(tokens.error);
    } else {
      dispatchAuthEvent('implicitFlow', {}, `Got tokens from ${url}`);
      tokens = { id_token: params.get('id_token') ?? undefined };
      tokens.access_token = params.get('access_token') ?? undefined;
    }
    const user = storeHostedSession(tokens, 'cognito:username');
    await credentialsAfterSignIn();
    clearHistory(s.redirectSignIn);
    const name = user.getUsername();
    dispatchAuthEvent('signIn', user, `A user ${name} has been signed in`);
    dispatchAuthEvent(
      'cognitoHostedUI',
      user,
      `A user ${name} has been signed in via Cognito Hosted UI`,
    );
    const custom = customStateOf(state);
    if (custom !== undefined)
      dispatchAuthEvent('customOAuthState', custom, `State for user ${name}`);
    return user;
  } catch (err) {
    // The code is spent either way: a reload must not try it again.
    clearHistory(s.redirectSignIn);
    dispatchAuthEvent('signIn_failure', err, 'The OAuth response flow failed');
    dispatchAuthEvent(
      'cognitoHostedUI_failure',
      err,
      'A failure occurred when returning to the Cognito Hosted UI',
    );
    dispatchAuthEvent('customState_failure', err, 'A failure occurred when returning state');
    throw err;
  }
}

/**
 * Signs out of the hosted UI too: forgets the hosted-UI markers of both Amplify versions and
 * sends the browser to `https://<domain>/logout?client_id=…&logout_uri=<redirectSignOut>`
 * (`oAuthSignOut` event first, as v5 dispatches it).
 */
export async function hostedUISignOut(username?: string): Promise<void> {
  const s = oauthSettings();
  const { storage } = getState();
  storage.removeItem('amplify-signin-with-hostedUI');
  if (username) storage.removeItem(userKey(s.clientId, username, 'oauthMetadata'));
  clearV6OAuthData(s.clientId);
  const url = logoutUrl(s);
  dispatchAuthEvent('oAuthSignOut', { oAuth: 'signOut' }, `Signing out from ${url}`);
  await openUrl(s, url, s.redirectSignOut);
}
