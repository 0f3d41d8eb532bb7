import { configure } from './auth/configure.ts';
import type { AuthOptions } from './internal/config.ts';

/**
 * `Amplify.configure(config)`: configures Auth from Amplify v5's config object,
 * aws-exports.js, amplifyconfiguration.json or v6's `{ Auth: { Cognito } }`. Kept apart from
 * the `Auth` class so the v6 functions can be configured without bundling it.
 *
 * @example
 * import awsconfig from './aws-exports';
 * Amplify.configure(awsconfig);
 */
export const Amplify = {
  /** Configures Auth; returns the resolved Auth options. */
  configure(config?: unknown): { Auth: AuthOptions } {
    return { Auth: configure(config) };
  },
};
