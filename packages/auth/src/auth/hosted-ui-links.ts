// The hosted UI's addresses and the pieces both ways through it share (Amplify v5's OAuth class
// and v6's utils/oauth): the settings, random state and PKCE verifier, the customState encoding,
// the token request, opening a URL, and signing out through /logout. URLs are built by string
// concatenation, `https://${domain}/…`, exactly as Amplify does, so a domain with a path
// (Cognate's `localhost:9229/domains/<prefix>`) works.

import { toBase64Url, utf8 } from '../internal/bytes.ts';
import { cacheTokens, clearUserData } from '../internal/cache.ts';
import type { OAuthOptions } from '../internal/config.ts';
import { createCognitoUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import { type CognitoUserSession, decodeJwt, sessionFromResult } from '../internal/tokens.ts';
import type { CognitoUser } from '../internal/user.ts';

/**
 * An error shaped as aws-amplify v6's AuthError (`name`, `message`, `recoverySuggestion`). Not
 * an AuthV6Error: importing that class here would pull it into the sign-in path's bundle.
 */
export function v6Error(name: string, message: string, recoverySuggestion?: string): Error {
  return Object.assign(new Error(message), { name, recoverySuggestion });
}

/** The OAuth settings, whichever shape (v5 `oauth`, v6 `loginWith.oauth`) configured them. */
export interface OAuthSettings {
  domain: string;
  clientId: string;
  scopes: string[];
  redirectSignIn: string;
  redirectSignOut: string;
  responseType: 'code' | 'token';
  urlOpener?: OAuthOptions['urlOpener'];
}

/** `https://<domain>`, or the domain itself when it already has a scheme. */
export function hostedUIBase(domain: string): string {
  return /^https?:\/\//.test(domain) ? domain.replace(/\/$/, '') : `https://${domain}`;
}

/**
 * v6's getRedirectUrl: from a list, the redirect on this page's origin and path, else on its
 * host; one on another origin is refused (InvalidOriginException), none at all too
 * (InvalidRedirectException). Without a page (Node, React Native), the first.
 */
export function pickRedirect(redirects: string | string[] | undefined): string {
  if (typeof redirects === 'string') return redirects;
  const list = redirects ?? [];
  const location = (globalThis as { location?: Location }).location;
  if (!location?.origin) {
    if (list[0]) return list[0];
  } else {
    const here = location.origin + (location.pathname || '/');
    const found =
      list.find((r) => r.startsWith(here)) ?? list.find((r) => r.includes(location.hostname));
    if (found) return found;
    if (list.some((r) => /^https?:\/\//.test(r))) {
      throw v6Error(
        'InvalidOriginException',
        'redirect is coming from a different origin. The oauth flow needs to be initiated from the same origin',
        'Please call signInWithRedirect from the same origin.',
      );
    }
  }
  throw v6Error(
    'InvalidRedirectException',
    'signInRedirect or signOutRedirect had an invalid format or was not found.',
    'Please make sure the signIn/Out redirect in your oauth config is valid.',
  );
}

/** The configured OAuth settings; throws when none are configured. */
export function oauthSettings(): OAuthSettings {
  const { config } = getState();
  const oauth = config.oauth;
  if (!oauth?.domain || !config.userPoolWebClientId) {
    throw v6Error(
      'OAuthNotConfigureException',
      'oauth param not configured.',
      'Make sure to call Amplify.configure with oauth parameter in your app.',
    );
  }
  return {
    domain: oauth.domain,
    clientId: config.userPoolWebClientId,
    scopes: oauth.scope ?? oauth.scopes ?? [],
    redirectSignIn: pickRedirect(oauth.redirectSignIn),
    redirectSignOut: pickRedirect(oauth.redirectSignOut),
    // Amplify v5 defaults an unset responseType to the code flow when it signs in.
    responseType: oauth.responseType === 'token' ? 'token' : 'code',
    urlOpener: oauth.urlOpener,
  };
}

const CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` random letters and digits, as Amplify's state and PKCE verifier (a byte modulo 62):
 * never a `-`, which separates the random part of `state` from the custom state.
 */
export function randomString(length: number): string {
  let out = '';
  for (const b of globalThis.crypto.getRandomValues(new Uint8Array(length))) {
    out += CHARSET[b % CHARSET.length];
  }
  return out;
}

/** The PKCE S256 challenge of `verifier`: base64url(SHA-256(verifier)), unpadded. */
export async function codeChallenge(verifier: string): Promise<string> {
  return toBase64Url(
    new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', utf8(verifier))),
  );
}

/** Amplify's urlSafeEncode of customState inside `state`: each char code as two hex digits. */
export function encodeState(text: string): string {
  return Array.from(text, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

/** Amplify's urlSafeDecode: reverses encodeState. */
export function decodeState(hex: string): string {
  return (hex.match(/.{2}/g) ?? [])
    .map((h) => String.fromCharCode(Number.parseInt(h, 16)))
    .join('');
}

/** The custom state carried after the first `-` of `state`, decoded; undefined without one. */
export function customStateOf(state: string): string | undefined {
  return state.includes('-') ? decodeState(state.split('-').slice(1).join('-')) : undefined;
}

/** `k=v&…` with encodeURIComponent, as Amplify v5 builds its query strings and token bodies. */
export function formEncode(params: Record<string, string | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v as string)}`)
    .join('&');
}

/** The token endpoint's answer. */
export interface TokenResponse {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
  error_message?: string;
}

/** POSTs the authorization code (and PKCE verifier) to `/oauth2/token`, as Amplify does. */
export async function exchangeCode(
  s: OAuthSettings,
  code: string,
  verifier: string | null | undefined,
): Promise<TokenResponse> {
  const res = await fetch(`${hostedUIBase(s.domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: formEncode({
      grant_type: 'authorization_code',
      code,
      client_id: s.clientId,
      redirect_uri: s.redirectSignIn,
      code_verifier: verifier || undefined,
    }),
  });
  return (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as TokenResponse;
}

/** The query and fragment parameters of `url`, the fragment's winning. */
export function responseParams(url: string): URLSearchParams {
  const parsed = new URL(url);
  const params = new URLSearchParams(parsed.search);
  for (const [k, v] of new URLSearchParams(parsed.hash.slice(1))) params.set(k, v);
  return params;
}

/**
 * Stores tokens from the hosted UI under the same keys as any other sign-in and makes their
 * user the current one. `usernameClaim` names where the username comes from: v5 reads the ID
 * token's `cognito:username`, v6 the access token's `username`.
 */
export function storeHostedSession(
  tokens: TokenResponse,
  usernameClaim: 'cognito:username' | 'username',
): CognitoUser {
  const session: CognitoUserSession = sessionFromResult({
    IdToken: tokens.id_token,
    AccessToken: tokens.access_token,
    RefreshToken: tokens.refresh_token,
  });
  const access = decodeJwt(tokens.access_token ?? '');
  const id = decodeJwt(tokens.id_token ?? '');
  const username =
    usernameClaim === 'username' ? access.username : (id['cognito:username'] ?? access.username);
  const user = createCognitoUser(String(username ?? 'username'));
  user.signInUserSession = session;
  clearUserData(user);
  cacheTokens(user);
  getState().user = user;
  return user;
}

/** Sets the page's address back to `redirect` (dropping the spent code), as Amplify does. */
export function clearHistory(redirect: string): void {
  const history = (globalThis as { history?: History }).history;
  history?.replaceState?.(history.state, '', redirect);
}

/** Opens `url` with the configured urlOpener, or sends the browser there. */
export async function openUrl(s: OAuthSettings, url: string, redirect: string): Promise<void> {
  if (s.urlOpener) {
    await s.urlOpener(url, redirect);
    return;
  }
  const location = (globalThis as { location?: { assign(u: string): void } }).location;
  if (!location) throw new Error('The hosted UI needs a browser or an oauth.urlOpener');
  location.assign(url);
}

/** `https://<domain>/logout?client_id=…&logout_uri=…`, as both Amplify versions build it. */
export function logoutUrl(s: OAuthSettings): string {
  return `${hostedUIBase(s.domain)}/logout?client_id=${s.clientId}&logout_uri=${encodeURIComponent(s.redirectSignOut)}`;
}
