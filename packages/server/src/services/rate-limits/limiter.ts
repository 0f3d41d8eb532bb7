import type { Db } from '../../store/open.ts';
import { type Bucket, takeToken } from '../../store/repositories/rate-limits.ts';
import type { RateLimitSettings } from './limits.ts';

/** Where token buckets live: the database (default) or Redis. Both are atomic across instances. */
export interface RateLimiter {
  /**
   * Takes a token from bucket `key`; false when it is empty. `db` is the caller's database or
   * transaction (the database store writes through it; Redis ignores it).
   */
  take(db: Db, key: string, nowMs: number, bucket: Bucket): Promise<boolean>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Buckets as rows of `rate_limits`, one upsert per token. */
export const databaseLimiter: RateLimiter = {
  take: (db, key, nowMs, bucket) => takeToken(db, key, Math.round(nowMs * 1000), bucket),
  close: async () => {},
};

/** The server's rate limits (config `rateLimits`), held in the database or Redis. */
export interface RateLimits {
  readonly settings: RateLimitSettings;
  readonly limiter: RateLimiter;
  /** Client id → its pool id, for the per-pool bucket (a client never changes pool). */
  readonly poolOfClient: Map<string, string>;
}
