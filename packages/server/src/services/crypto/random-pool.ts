import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the system's generator at a time. */
const POOL_BYTES = 4096;
/** Larger requests go to the generator directly. */
const LARGEST_POOLED = 256;

const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/**
 * Cryptographically secure random bytes, served from a buffer refilled 4 KiB at a time: a
 * sign-in asks for a few small values (a refresh token, ids), and each call to the system's
 * generator costs far more than the bytes it returns (Node pools `randomUUID` the same way).
 * Every byte is handed out once and wiped from the pool as it goes.
 */
export function randomPooled(bytes: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  if (bytes > LARGEST_POOLED) return randomFillSync(out);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  pool.copy(out, 0, used, used + bytes);
  pool.fill(0, used, used + bytes);
  used += bytes;
  return out;
}
