import type { Logger } from 'pino';
import type { Db } from '../store/open.ts';
import type { Delivery } from './delivery/messages.ts';
import type { CustomDomains } from './domains/custom-domains.ts';
import type { ProviderEndpointOverrides } from './federation/endpoint-overrides.ts';
import type { RateLimits } from './rate-limits/limiter.ts';
import type { Functions } from './triggers/functions.ts';

/** The time source; tests pass a settable one. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Everything a service may use. A service takes `Pick<Context, …>` of what it needs. */
export interface Context {
  /** The database or, inside an operation, its transaction. */
  db: Db;
  clock: Clock;
  /** Cryptographically secure random bytes. */
  random: (bytes: number) => Buffer;
  log: Logger;
  /** Public base URL; token issuers are `<publicUrl>/<userPoolId>`. */
  publicUrl: string;
  region: string;
  /**
   * The regions management calls may be signed for (config `regions`); absent: `region` only.
   */
  signingRegions?: readonly string[];
  /** Twelve-digit account id used in ARNs. */
  accountId: string;
  /** Server-wide secret (HMAC key) for codes and decoy sign-in challenges. */
  serverSecret: Buffer;
  /**
   * The configured key for identity-pool credentials (config `credentialsKey`); absent: derived
   * from `serverSecret` (see services/credentials/keys.ts).
   */
  credentialsKey?: Buffer;
  /** Lifetime of identity-pool credentials in seconds (config `credentialsTtlSeconds`); default 3600. */
  credentialsTtlSeconds?: number;
  /** Sends (or records) emails and SMS. */
  delivery: Delivery;
  /** The trigger functions (Lambda stand-ins) pools name in their LambdaConfig. */
  functions: Functions;
  /** Replacement endpoints of the social-provider presets (config `providerEndpoints`). */
  providerEndpoints?: ProviderEndpointOverrides;
  /**
   * Custom domains: the configured certificates and the host names that are pools' custom
   * domains (requests by Host are routed by it). Absent: no custom domain can be created.
   */
  customDomains?: CustomDomains;
  /** Token buckets per IP, client, pool and user (config `rateLimits`); absent: no limits. */
  rateLimits?: RateLimits;
  /**
   * Holds the request's answer, success or error, until the operation's existence floor has
   * passed, counted from the operation's start (see user-pools/existence-timing.ts). Absent, or
   * without effect, where the operation has no floor.
   */
  holdAnswer?: () => void;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };
