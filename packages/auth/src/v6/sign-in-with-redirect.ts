import type { SignInWithRedirectInput } from '../auth/oauth-v6.ts';

export type { SignInWithRedirectInput };

/**
 * Signs in through the hosted UI (aws-amplify v6 `signInWithRedirect`): sends the browser to
 * `https://<loginWith.oauth.domain>/oauth2/authorize` with PKCE, to the hosted sign-in page or,
 * with `provider`, straight to `Google`, `Facebook`, `Amazon`, `Apple` or `{ custom }`. Back on
 * `redirectSignIn`, `Amplify.configure` completes it: Hub `customOAuthState` (with
 * `customState`), `signInWithRedirect` and `signedIn`, or `signInWithRedirect_failure`. The
 * code loads on first use.
 *
 * @example
 * await signInWithRedirect({ provider: 'Google', customState: '/orders' });
 */
export async function signInWithRedirect(input?: SignInWithRedirectInput): Promise<void> {
  await (await import('../extras.ts')).signInWithRedirect(input);
}
