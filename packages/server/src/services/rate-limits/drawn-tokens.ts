import type { Db } from '../../store/open.ts';
import type { Bucket } from '../../store/repositories/rate-limits.ts';
import type { DrawnTokens, RateLimiter } from './limiter.ts';

// Tokens of the large buckets (a client's, a pool's: thousands a second) are drawn from the
// shared store several at a time and handed out here, one per request, so that most requests
// write nothing for them. The store still counts every token: one handed out here was taken
// there first, so the limit holds across instances as before. What changes is only when a token
// leaves the shared bucket (at most a batch early), and that a batch left unused for
// DRAWN_TOKEN_LIFE_MS is dropped, never handed out late: an instance may refuse a little before
// the limit, never admit past it. One draw per bucket is in flight at a time (requests that find
// no token wait for it), and once a bucket cannot give a whole batch its tokens are taken one by
// one for a while, so within one instance the count is exact. Small buckets (per IP, per user)
// are never drawn ahead: near their limit each token counts.

/** How long drawn tokens stay usable. */
export const DRAWN_TOKEN_LIFE_MS = 1000;
/** The most tokens drawn at once. */
const MAX_BATCH = 32;
/** A bucket is drawn from in batches only when it holds this many times the batch. */
const BURST_PER_BATCHED_TOKEN = 64;

/** How many tokens to draw at once from `bucket`: under 2 for small buckets (never batched). */
export function batchOf(bucket: Bucket): number {
  return Math.min(MAX_BATCH, Math.floor(bucket.burst / BURST_PER_BATCHED_TOKEN));
}

/**
 * Takes one token of `key` for this request: from the tokens drawn ahead when there are some,
 * else by drawing a batch (or, when the bucket cannot give a whole batch, a single token) from
 * the limiter. False when the bucket is empty.
 */
export async function takeDrawn(
  drawn: DrawnTokens,
  limiter: RateLimiter,
  db: Db,
  key: string,
  nowMs: number,
  bucket: Bucket,
): Promise<boolean> {
  const batch = batchOf(bucket);
  if (batch < 2 || !limiter.takeMany) return limiter.take(db, key, nowMs, bucket);
  for (;;) {
    let held = drawn.get(key);
    if (!held || (held.until <= nowMs && !held.drawing)) {
      // Bounded like the client → pool map: far fewer keys than this in practice.
      if (drawn.size >= 10_000) drawn.clear();
      held = { left: 0, until: nowMs + DRAWN_TOKEN_LIFE_MS, lowUntil: held?.lowUntil ?? 0 };
      drawn.set(key, held);
    }
    if (held.left > 0) {
      held.left--;
      return true;
    }
    if (held.drawing) {
      await held.drawing;
      continue;
    }
    // It could not give a whole batch a moment ago: one token per request, as without batches.
    if (held.lowUntil > nowMs) return limiter.take(db, key, nowMs, bucket);
    const draw = limiter.takeMany(db, key, nowMs, bucket, batch);
    const current = held;
    current.drawing = draw.then(
      () => {},
      () => {},
    );
    let ok: boolean;
    try {
      ok = await draw;
    } finally {
      current.drawing = undefined;
    }
    if (ok) {
      current.left += batch - 1;
      current.until = nowMs + DRAWN_TOKEN_LIFE_MS;
      return true;
    }
    current.lowUntil = nowMs + DRAWN_TOKEN_LIFE_MS;
    return limiter.take(db, key, nowMs, bucket);
  }
}
