import { dispatchAuthEvent } from '../internal/hub.ts';
import { getState, type ICredentials } from '../internal/state.ts';
import type { AuthStorage } from '../internal/storage.ts';
import { setFederated } from './credentials.ts';
import { currentAuthenticatedUser } from './current-user.ts';
import {
  codeChallenge,
  encodeState,
  formEncode,
  hostedUIBase,
  oauthSettings,
  openUrl,
  randomString,
} from './hosted-ui-links.ts';

/** federatedSignIn's hosted-UI options (Amplify v5's FederatedSignInOptions and …Custom). */
export interface FederatedSignInOptions {
  /** A provider the hosted UI knows by name: see CognitoHostedUIIdentityProvider. */
  provider?: string;
  /** Any other provider of the pool, by its ProviderName (an OIDC or SAML provider). */
  customProvider?: string;
  /** Text handed back after the sign-in in the `customOAuthState` Hub event. */
  customState?: string;
}

/**
 * Where Amplify v5 keeps the flow's state and PKCE verifier: sessionStorage (key names are
 * Amplify's, typo included, so a redirect started by either library completes in the other);
 * where there is none, the configured storage.
 */
export function v5FlowStorage(): AuthStorage {
  return (globalThis as { sessionStorage?: Storage }).sessionStorage ?? getState().storage;
}

/**
 * Signs in through the hosted UI (Amplify v5 `Auth.federatedSignIn`): sends the browser to
 * `https://<oauth.domain>/oauth2/authorize` (authorization code with PKCE S256, or implicit with
 * `responseType: 'token'`), to the hosted sign-in page with no argument, or straight to a
 * provider with `{ provider }` / `{ customProvider }`; `customState` comes back in the
 * `customOAuthState` Hub event. The return to `redirectSignIn` is completed by `configure` on
 * that page. With `(provider, { token, expires_at }, user)`, exchanges a social token for
 * identity-pool credentials instead.
 *
 * @example
 * await Auth.federatedSignIn({ provider: CognitoHostedUIIdentityProvider.Google, customState: '/orders' });
 */
export async function federatedSignIn(
  providerOrOptions?: FederatedSignInOptions | string,
  response?: { token: string; identity_id?: string; expires_at: number },
  user?: unknown,
): Promise<ICredentials | undefined> {
  const { config } = getState();
  if (!config.identityPoolId && !config.userPoolId) {
    throw new Error('Federation requires either a User Pool or Identity Pool in config');
  }
  if (providerOrOptions === undefined && config.identityPoolId && !config.userPoolId) {
    throw new Error('Federation with Identity Pools requires tokens passed as arguments');
  }
  if (typeof providerOrOptions === 'string') {
    if (!response) throw new Error('federatedSignIn(provider) needs { token, expires_at }');
    const credentials = await setFederated({ provider: providerOrOptions, ...response, user });
    const current = await currentAuthenticatedUser();
    dispatchAuthEvent(
      'signIn',
      current,
      `A user ${(current as { username?: string }).username} has been signed in`,
    );
    return credentials;
  }
  if (!config.userPoolId) return undefined;
  const options = providerOrOptions ?? {};
  const s = oauthSettings();
  // Amplify v5's OAuth.oauthSignIn: 32 random characters, then '-' and the encoded custom state.
  const random = randomString(32);
  const state = options.customState ? `${random}-${encodeState(options.customState)}` : random;
  const verifier = randomString(128);
  const store = v5FlowStorage();
  store.setItem('oauth_state', state);
  store.setItem('ouath_pkce_key', verifier);
  const query = formEncode({
    redirect_uri: s.redirectSignIn,
    response_type: s.responseType,
    client_id: s.clientId,
    identity_provider: options.provider ?? options.customProvider ?? 'COGNITO',
    scope: s.scopes.join(' '),
    state,
    code_challenge: s.responseType === 'code' ? await codeChallenge(verifier) : undefined,
    code_challenge_method: s.responseType === 'code' ? 'S256' : undefined,
  });
  await openUrl(s, `${hostedUIBase(s.domain)}/oauth2/authorize?${query}`, s.redirectSignIn);
  return undefined;
}
