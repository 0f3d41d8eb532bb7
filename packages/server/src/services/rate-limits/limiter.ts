import type { Db } from '../../store/open.ts';
import {
  type Bucket,
  takeToken,
  takeTokens,
  takeTokensAtOnce,
} from '../../store/repositories/rate-limits.ts';
import type { RateLimitSettings } from './limits.ts';

/** Where token buckets live: the database (default) or Redis. Both are atomic across instances. */
export interface RateLimiter {
  /**
   * Takes a token from bucket `key`; false when it is empty. `db` is the caller's database or
   * transaction (the database store writes through it; Redis ignores it).
   */
  take(db: Db, key: string, nowMs: number, bucket: Bucket): Promise<boolean>;
  /**
   * Takes a token from each bucket in order, stopping at the first empty one; answers how many
   * were taken. Unset: `take` one by one.
   */
  takeEach?(
    db: Db,
    buckets: readonly { key: string; bucket: Bucket }[],
    nowMs: number,
  ): Promise<number>;
  /**
   * Takes `count` tokens from bucket `key` at once, all or none (see `drawn-tokens.ts`). Unset:
   * tokens are taken one per request.
   */
  takeMany?(db: Db, key: string, nowMs: number, bucket: Bucket, count: number): Promise<boolean>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Buckets as rows of `rate_limits`, one upsert per token. */
export const databaseLimiter: RateLimiter = {
  take: (db, key, nowMs, bucket) => takeToken(db, key, Math.round(nowMs * 1000), bucket),
  // One statement on PostgreSQL for the client's and the pool's buckets (one round trip).
  takeEach: (db, buckets, nowMs) => takeTokens(db, buckets, Math.round(nowMs * 1000)),
  takeMany: (db, key, nowMs, bucket, count) =>
    takeTokensAtOnce(db, key, Math.round(nowMs * 1000), bucket, count),
  close: async () => {},
};

/**
 * Per large bucket, the tokens drawn ahead and not handed out yet (drawn-tokens.ts): how many,
 * until when they may be, the draw in flight if any, and until when the bucket is taken from
 * one token at a time (it could not give a whole batch).
 */
export type DrawnTokens = Map<
  string,
  { left: number; until: number; lowUntil: number; drawing?: Promise<void> }
>;

/** The server's rate limits (config `rateLimits`), held in the database or Redis. */
export interface RateLimits {
  readonly settings: RateLimitSettings;
  readonly limiter: RateLimiter;
  /** Client id → its pool id, for the per-pool bucket (a client never changes pool). */
  readonly poolOfClient: Map<string, string>;
  /** Tokens of large buckets drawn ahead and not handed out yet (drawn-tokens.ts). */
  readonly drawn: DrawnTokens;
}
