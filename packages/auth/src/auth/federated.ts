import { randomBytes, toBase64Url, toHex, utf8 } from '../internal/bytes.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { getState, type ICredentials } from '../internal/state.ts';
import { setFederated } from './credentials.ts';
import { currentAuthenticatedUser } from './current-user.ts';
import { encodeState, hostedUIBase, oauthConfig, openUrl } from './hosted-ui-links.ts';

/** federatedSignIn's hosted-UI options. */
export interface FederatedSignInOptions {
  provider?: string;
  customProvider?: string;
  customState?: string;
}

/**
 * Signs in through the hosted UI (Amplify v5 `Auth.federatedSignIn`): redirects to
 * `/oauth2/authorize` (authorization code with PKCE, or implicit), optionally straight to a
 * provider; or, with `(provider, { token, expires_at }, user)`, exchanges a social token for
 * identity-pool credentials.
 *
 * @example
 * await federatedSignIn({ provider: CognitoHostedUIIdentityProvider.Google });
 */
export async function federatedSignIn(
  providerOrOptions?: FederatedSignInOptions | string,
  response?: { token: string; identity_id?: string; expires_at: number },
  user?: unknown,
): Promise<ICredentials | undefined> {
  const { config, storage } = getState();
  if (!config.identityPoolId && !config.userPoolId) {
    throw new Error('Federation requires either a User Pool or Identity Pool in config');
  }
  if (typeof providerOrOptions === 'string' && response) {
    const credentials = await setFederated({ provider: providerOrOptions, ...response, user });
    const current = await currentAuthenticatedUser();
    dispatchAuthEvent(
      'signIn',
      current,
      `A user ${(current as { username?: string }).username} has been signed in`,
    );
    return credentials;
  }
  if (providerOrOptions === undefined && config.identityPoolId && !config.userPoolId) {
    throw new Error('Federation with Identity Pools requires tokens passed as arguments');
  }
  const options: FederatedSignInOptions =
    typeof providerOrOptions === 'object' ? providerOrOptions : { provider: 'COGNITO' };
  const oauth = oauthConfig();
  const provider = options.provider ?? options.customProvider ?? 'COGNITO';
  const responseType = oauth.responseType ?? 'code';
  // Hex, never '-': the custom state follows the first '-'.
  const state = toHex(randomBytes(16));
  const fullState = options.customState ? `${state}-${encodeState(options.customState)}` : state;
  const session = (globalThis as { sessionStorage?: Storage }).sessionStorage ?? storage;
  session.setItem('oauth_state', fullState);
  const params = new URLSearchParams({
    redirect_uri: oauth.redirectSignIn,
    response_type: responseType,
    client_id: config.userPoolWebClientId ?? '',
    identity_provider: provider,
    scope: (oauth.scope ?? []).join(' '),
    state: fullState,
  });
  if (responseType === 'code') {
    const verifier = toBase64Url(randomBytes(96)).slice(0, 128);
    // Amplify v5's key name, typo included, so a redirect started by either library completes.
    session.setItem('ouath_pkce_key', verifier);
    const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8(verifier));
    params.set('code_challenge', toBase64Url(new Uint8Array(digest)));
    params.set('code_challenge_method', 'S256');
  }
  await openUrl(`${hostedUIBase(oauth.domain)}/oauth2/authorize?${params}`, oauth.redirectSignIn);
  return undefined;
}
