import type { Redis } from 'ioredis';
import type { RateLimiter } from './limiter.ts';

// GCRA in one script, so a take is atomic however many instances share the Redis server.
// Times are microseconds as doubles (exact below 2^53); %.0f keeps them integral in the string.
const TAKE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
-- From a clock ahead (see store/repositories/rate-limits.ts): an empty bucket from now on.
if tat > now + tolerance + interval then tat = now + tolerance end
if tat - now > tolerance then return 0 end
local new = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', new), 'PX', math.ceil((new - now) / 1000) + 1)
return 1
`;

/**
 * Buckets in Redis at `url` (ioredis, loaded only here). Keys are `cognate:rl:<key>` and expire
 * once full again.
 */
export async function redisLimiter(url: string): Promise<RateLimiter> {
  const { Redis: RedisClient } = await import('ioredis');
  const redis: Redis = new RedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  redis.defineCommand('cognateTake', { numberOfKeys: 1, lua: TAKE });
  const take = (redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>)
    .cognateTake;
  return {
    async take(_db, key, nowMs, bucket) {
      const interval = Math.max(1, Math.round(bucket.intervalUs));
      const tolerance = interval * (Math.max(1, bucket.burst) - 1);
      const now = Math.round(nowMs * 1000);
      return (await take.call(redis, `cognate:rl:${key}`, now, interval, tolerance)) === 1;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
