// Rate limits: token buckets per IP address, client and pool for unauthenticated requests, and
// per user and IP for the codes the server sends; held in the database or in Redis.
export * from './limiter.ts';
export * from './limits.ts';
export * from './rate-limits.ts';
export * from './request-limits.ts';
