import { isIP } from 'node:net';
import type { Bucket } from '../../store/repositories/rate-limits.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { LimitExceededException, TooManyRequestsException } from '../errors.ts';
import { batchOf, takeDrawn } from './drawn-tokens.ts';
import { databaseLimiter, type RateLimits } from './limiter.ts';
import { DEFAULT_RATE_LIMITS, parseLimit, type RateLimitSettings } from './limits.ts';
import { redisLimiter } from './redis-limiter.ts';

type Deps = Pick<Context, 'db' | 'clock'>;

/** Opens the rate limits: connects to Redis when `redisUrl` is set. */
export async function createRateLimits(
  settings: Partial<RateLimitSettings> = {},
): Promise<RateLimits> {
  const all = { ...DEFAULT_RATE_LIMITS, ...settings };
  // Malformed limits fail at start, not on the first request.
  for (const spec of [all.perIp, all.perClient, all.perPool, all.codesPerUser, all.codesPerIp]) {
    parseLimit(spec);
  }
  const limiter = all.redisUrl ? await redisLimiter(all.redisUrl) : databaseLimiter;
  return { settings: all, limiter, poolOfClient: new Map(), drawn: new Map() };
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

async function take(
  ctx: Deps & Pick<Context, 'rateLimits'>,
  key: string,
  spec: string,
): Promise<boolean> {
  const limits = ctx.rateLimits;
  const bucket = parseLimit(spec);
  if (!limits || !bucket) return true;
  return limits.limiter.take(ctx.db, key, ctx.clock.now(), bucket);
}

async function poolIdOf(ctx: Deps, limits: RateLimits, clientId: string) {
  const cached = limits.poolOfClient.get(clientId);
  if (cached) return cached;
  const client = await findClient(ctx.db, clientId);
  if (!client) return undefined;
  // Bounded: a server has far fewer clients than this; past it, start over.
  if (limits.poolOfClient.size >= 10_000) limits.poolOfClient.clear();
  limits.poolOfClient.set(clientId, client.userPoolId);
  return client.userPoolId;
}

/** Who an unauthenticated request comes from and what it names. */
export interface RequestSource {
  /** The peer's address. */
  ip: string;
  /** An app client id (user pools) or identity pool id the request names, if any. */
  clientId?: string;
  /** The pool, when the caller knows it; otherwise the client's pool is looked up. */
  poolId?: string;
}

/**
 * Takes one token per bucket the request falls in — its IP address, its client, its pool —
 * and refuses it with TooManyRequestsException when one is empty. The IP's bucket goes first,
 * so one address flooding cannot drain the client's and pool's buckets as well.
 */
export async function limitRequest(
  ctx: Deps & Pick<Context, 'rateLimits'>,
  source: RequestSource,
): Promise<void> {
  const limits = ctx.rateLimits;
  if (!limits?.settings.enabled) return;
  const { settings } = limits;
  const exempt = settings.exemptLoopback && isLoopbackAddress(source.ip);
  if (!exempt && !(await take(ctx, `ip:${source.ip}`, settings.perIp))) {
    throw new TooManyRequestsException('Rate exceeded');
  }
  if (!source.clientId) return;
  const clientId = source.clientId.slice(0, 128);
  const poolId = source.poolId ?? (await poolIdOf(ctx, limits, clientId));
  // An unknown client is refused by the operation itself; it gets no bucket of its own.
  if (!poolId) return;
  // The client's bucket first: a client over its limit takes nothing from its pool's.
  const buckets: { key: string; bucket: Bucket }[] = [];
  const perClient = parseLimit(settings.perClient);
  if (perClient) buckets.push({ key: `client:${clientId}`, bucket: perClient });
  const perPool = parseLimit(settings.perPool);
  if (perPool) buckets.push({ key: `pool:${poolId}`, bucket: perPool });
  if ((await takeEach(ctx, limits, buckets)) < buckets.length) {
    throw new TooManyRequestsException('Rate exceeded');
  }
}

/** Takes from each bucket in order until one is empty; how many gave a token. */
async function takeEach(
  ctx: Deps,
  limits: RateLimits,
  buckets: { key: string; bucket: Bucket }[],
): Promise<number> {
  const now = ctx.clock.now();
  // Large buckets give their tokens from batches drawn ahead (drawn-tokens.ts); a chain of
  // small ones still goes to the store as one statement.
  if (limits.limiter.takeEach && buckets.every(({ bucket }) => batchOf(bucket) < 2)) {
    return limits.limiter.takeEach(ctx.db, buckets, now);
  }
  let taken = 0;
  for (const { key, bucket } of buckets) {
    if (!(await takeDrawn(limits.drawn, limits.limiter, ctx.db, key, now, bucket))) break;
    taken++;
  }
  return taken;
}

/**
 * Counts one code request from `ip` (ForgotPassword, ResendConfirmationCode,
 * GetUserAttributeVerificationCode): LimitExceededException past `codesPerIp`.
 */
export async function limitCodeRequestsFrom(
  ctx: Deps & Pick<Context, 'rateLimits'>,
  ip: string,
): Promise<void> {
  const limits = ctx.rateLimits;
  if (!limits?.settings.enabled) return;
  if (limits.settings.exemptLoopback && isLoopbackAddress(ip)) return;
  if (!(await take(ctx, `codes-ip:${ip}`, limits.settings.codesPerIp))) {
    throw new LimitExceededException();
  }
}

/**
 * Counts one code sent to a user (or to the decoy of an unknown one, the same way, so the
 * limit does not tell them apart): LimitExceededException past `codesPerUser`. Runs on the
 * caller's transaction, so a request that fails later gives its token back.
 */
export async function limitCodesTo(
  ctx: Deps & Pick<Context, 'rateLimits'>,
  userId: string,
): Promise<void> {
  const limits = ctx.rateLimits;
  if (!limits?.settings.enabled) return;
  if (!(await take(ctx, `codes-user:${userId}`, limits.settings.codesPerUser))) {
    throw new LimitExceededException();
  }
}

/** Closes the Redis connection, if any. */
export async function closeRateLimits(limits: RateLimits | undefined): Promise<void> {
  await limits?.limiter.close();
}
