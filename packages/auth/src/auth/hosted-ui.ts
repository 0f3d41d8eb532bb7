// The hosted UI's way back: the redirect to `redirectSignIn` carries a code (or tokens) that
// become a session, as Amplify v5's OAuth handler does it (_handleAuthResponse).
import { cacheTokens, clearUserData } from '../internal/cache.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { createCognitoUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { AuthStorage } from '../internal/storage.ts';
import { sessionFromResult } from '../internal/tokens.ts';
import type { CognitoUser } from '../internal/user.ts';
import { decodeState, hostedUIBase } from './hosted-ui-links.ts';

// The PKCE verifier and state live in sessionStorage where there is one, as in Amplify.
function flowStorage(): AuthStorage {
  return (globalThis as { sessionStorage?: Storage }).sessionStorage ?? getState().storage;
}

/**
 * Completes a hosted-UI sign-in from the URL it redirected to: checks `state`, exchanges the
 * code at `/oauth2/token` (with the PKCE verifier) or reads the implicit tokens, stores the
 * session and dispatches `signIn`, `cognitoHostedUI` and, with a custom state,
 * `customOAuthState`. Failures dispatch `signIn_failure` and `cognitoHostedUI_failure`.
 * Resolves undefined when the URL carries no response.
 */
export async function handleAuthResponse(url: string): Promise<CognitoUser | undefined> {
  const { config } = getState();
  const oauth = config.oauth;
  if (!oauth) return undefined;
  const parsed = new URL(url);
  const params = new URLSearchParams(parsed.search);
  for (const [k, v] of new URLSearchParams(parsed.hash.replace(/^#/, ''))) params.set(k, v);
  if (!params.has('code') && !params.has('access_token') && !params.has('error')) return undefined;
  const store = flowStorage();
  try {
    if (params.has('error')) {
      throw new Error(params.get('error_description') || params.get('error') || 'OAuth error');
    }
    const state = params.get('state') ?? '';
    if (state !== store.getItem('oauth_state')) throw new Error('Invalid state in OAuth flow');
    store.removeItem('oauth_state');
    let tokens: { IdToken?: string; AccessToken?: string; RefreshToken?: string };
    if (params.has('code')) {
      const res = await fetch(`${hostedUIBase(oauth.domain)}/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.get('code') ?? '',
          client_id: config.userPoolWebClientId ?? '',
          redirect_uri: oauth.redirectSignIn,
          code_verifier: store.getItem('ouath_pkce_key') ?? '',
        }),
      });
      const body = (await res.json()) as Record<string, string>;
      if (!res.ok || body.error)
        throw new Error(body.error_description || body.error || String(res.status));
      tokens = {
        IdToken: body.id_token,
        AccessToken: body.access_token,
        RefreshToken: body.refresh_token,
      };
    } else {
      tokens = {
        IdToken: params.get('id_token') ?? undefined,
        AccessToken: params.get('access_token') ?? undefined,
      };
    }
    store.removeItem('ouath_pkce_key');
    const session = sessionFromResult(tokens);
    const user = createCognitoUser(String(session.getAccessToken().decodePayload().username ?? ''));
    user.signInUserSession = session;
    clearUserData(user);
    cacheTokens(user);
    getState().user = user;
    dispatchAuthEvent('signIn', user, `A user ${user.getUsername()} has been signed in`);
    dispatchAuthEvent(
      'cognitoHostedUI',
      user,
      `A user ${user.getUsername()} has been signed in via Cognito Hosted UI`,
    );
    const custom = state.split('-').slice(1).join('-');
    if (custom) dispatchAuthEvent('customOAuthState', decodeState(custom), 'State for user');
    const history = (globalThis as { history?: History }).history;
    history?.replaceState(null, '', oauth.redirectSignIn);
    return user;
  } catch (err) {
    dispatchAuthEvent('signIn_failure', err, 'The OAuth response flow failed');
    dispatchAuthEvent(
      'cognitoHostedUI_failure',
      err,
      'A failure occurred when returning to the Cognito Hosted UI',
    );
    throw err;
  }
}
