import type { Bucket } from '../../store/repositories/rate-limits.ts';

/**
 * A limit written `<count>/<period>`: `count` requests at once, refilled evenly over `period`
 * (`s`, `min` or `h`). `'20/s'` allows a burst of 20, then 20 a second; `'5/h'` five at once,
 * then one every 12 minutes. `'0'` or `'off'`: no limit.
 */
export type LimitSpec = string;

const PERIOD_US: Record<string, number> = { s: 1e6, sec: 1e6, min: 60e6, h: 3600e6 };

/** True when `spec` is a limit `parseLimit` understands. */
export function isLimitSpec(spec: string): boolean {
  return spec === '0' || spec === 'off' || /^\d+\/(s|sec|min|h)$/.test(spec);
}

/** The bucket of a limit, or undefined for none. @throws on a malformed spec. */
export function parseLimit(spec: LimitSpec): Bucket | undefined {
  if (spec === '0' || spec === 'off') return undefined;
  const match = /^(\d+)\/(s|sec|min|h)$/.exec(spec);
  if (!match) throw new Error(`not a rate limit: ${spec} (write <count>/<s|min|h>)`);
  const count = Number(match[1]);
  if (count === 0) return undefined;
  return { burst: count, intervalUs: PERIOD_US[match[2]] / count };
}

/** The rate limits of one server (config `rateLimits`). */
export interface RateLimitSettings {
  /** Apply the limits at all. */
  enabled: boolean;
  /** Keep the buckets in Redis at this URL instead of the database. */
  redisUrl?: string;
  /** Unauthenticated requests per client IP address. */
  perIp: LimitSpec;
  /** Unauthenticated requests per app client (or identity pool). */
  perClient: LimitSpec;
  /** Unauthenticated requests per user pool (or identity pool). */
  perPool: LimitSpec;
  /** Codes sent to one user (ForgotPassword, ResendConfirmationCode, …). */
  codesPerUser: LimitSpec;
  /** Code requests from one IP address. */
  codesPerIp: LimitSpec;
  /** Leave requests from a loopback address out of the per-IP limits. */
  exemptLoopback: boolean;
}

/** The defaults: generous for apps, tight for codes (Cognito: 5 per user and hour). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  enabled: true,
  perIp: '20/s',
  perClient: '2000/s',
  perPool: '5000/s',
  codesPerUser: '5/h',
  codesPerIp: '100/h',
  exemptLoopback: true,
};
