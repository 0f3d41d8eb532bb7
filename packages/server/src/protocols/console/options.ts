/** How the console is served (from the server's configuration). */
export interface ConsoleOptions {
  /** Dev mode is on (shown by the console; sign-in still needs a real admin key). */
  dev: boolean;
  /** The dev outbox is served (loopback bind or dev mode). */
  devOutbox: boolean;
  /** The server is bound to a loopback address: plain http is then allowed. */
  loopback: boolean;
  /** Idle lifetime of a console session, seconds (config `consoleSessionTtlSeconds`). */
  sessionTtlSeconds: number;
  /**
   * A TLS-terminating proxy in front sets `X-Forwarded-Proto` (config `consoleTrustProxy`): its
   * `https` counts as https, and `X-Forwarded-For` / `X-Forwarded-Host` are believed.
   */
  trustProxy: boolean;
}

/** What an unconfigured mount assumes: the safe choices (https required, no proxy trusted). */
export const defaultConsoleOptions: ConsoleOptions = {
  dev: false,
  devOutbox: false,
  loopback: false,
  sessionTtlSeconds: 3600,
  trustProxy: false,
};
