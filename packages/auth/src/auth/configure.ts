import { type AuthOptions, parseConfig } from '../internal/config.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { applyConfig, getState } from '../internal/state.ts';

/**
 * Configures the library and returns the resolved options. Takes Amplify v5's `Auth` object,
 * `{ Auth: {...} }`, aws-exports.js, amplifyconfiguration.json or v6's `{ Auth: { Cognito } }`;
 * with no argument, returns the current options. Dispatches `configured`.
 *
 * @example
 * configure({ Auth: { region: 'us-east-1', userPoolId, userPoolWebClientId, endpoint: 'http://127.0.0.1:9229' } });
 */
export function configure(config?: unknown): AuthOptions {
  if (!config) return getState().config;
  const state = applyConfig(parseConfig(config));
  dispatchAuthEvent('configured', null, 'The Auth category has been configured successfully');
  // A link-verification auto sign-in that was polling when the page unloaded cannot resume.
  if (!state.autoSignInInitiated) {
    if (state.storage.getItem('amplify-polling-started') === 'true') {
      dispatchAuthEvent('autoSignIn_failure', null, 'autoSignInError');
      state.storage.removeItem('amplify-auto-sign-in');
    }
    state.storage.removeItem('amplify-polling-started');
  }
  // Back from the hosted UI: finish the sign-in from the URL (Amplify's urlListener; v6's
  // attemptCompleteOAuthFlow). Failures are Hub events; v6's session calls wait for it.
  const href = (globalThis as { location?: { href?: string } }).location?.href;
  if (state.config.oauth && href) {
    state.redirect = import('../extras.ts')
      .then((m) => m.completeRedirect(href))
      .catch(() => undefined);
  }
  return state.config;
}
