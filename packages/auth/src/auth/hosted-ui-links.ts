// The hosted UI's addresses and the small pieces both ways through it share: where it lives,
// the OAuth settings, opening a URL, the customState encoding, and signing out through it.
import type { OAuthOptions } from '../internal/config.ts';
import { getState } from '../internal/state.ts';

/** The hosted UI's origin: `https://<domain>`, or the domain itself when it has a scheme. */
export function hostedUIBase(domain: string): string {
  return /^https?:\/\//.test(domain) ? domain.replace(/\/$/, '') : `https://${domain}`;
}

/** The configured OAuth settings; throws when Auth.oauth is missing. */
export function oauthConfig(): OAuthOptions {
  const oauth = getState().config.oauth;
  if (!oauth?.domain) throw new Error('OAuth is not configured: set Auth.oauth');
  return oauth;
}

/** Opens `url` with the configured urlOpener, or sends the browser there. */
export async function openUrl(url: string, redirect: string): Promise<void> {
  const oauth = oauthConfig();
  if (oauth.urlOpener) {
    await oauth.urlOpener(url, redirect);
    return;
  }
  const location = (globalThis as { location?: { assign(u: string): void } }).location;
  if (!location) throw new Error('federatedSignIn needs a browser or an oauth.urlOpener');
  location.assign(url);
}

/** Sends the browser to the hosted UI's /logout, which returns to `redirectSignOut`. */
export async function hostedUISignOut(): Promise<void> {
  const oauth = oauthConfig();
  const { config, storage } = getState();
  storage.removeItem('amplify-signin-with-hostedUI');
  const url = `${hostedUIBase(oauth.domain)}/logout?client_id=${encodeURIComponent(config.userPoolWebClientId ?? '')}&logout_uri=${encodeURIComponent(oauth.redirectSignOut)}`;
  await openUrl(url, oauth.redirectSignOut);
}

/** Amplify v5's encoding of customState inside `state`: char codes as hex. */
export function encodeState(text: string): string {
  return Array.from(text, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

/** Reverses encodeState. */
export function decodeState(hex: string): string {
  return (hex.match(/.{2}/g) ?? [])
    .map((h) => String.fromCharCode(Number.parseInt(h, 16)))
    .join('');
}
