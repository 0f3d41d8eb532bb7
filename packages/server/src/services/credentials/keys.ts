// The temporary-credential format shared with @cognate/sigv4, which re-implements these few
// lines so an app can check requests offline with the same key. Change nothing here without it.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Context } from '../context.ts';

/** What a session token carries (signed, not encrypted: nothing secret is in it). */
export interface SessionTokenPayload {
  v: 1;
  /** The AccessKeyId the token belongs to. */
  akid: string;
  /** Identity id. */
  iid: string;
  /** Identity pool id. */
  ipid: string;
  /** Role ARN. */
  role: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Issue time, epoch seconds. */
  iat: number;
  auth: 'authenticated' | 'unauthenticated';
}

const derived = new WeakMap<Buffer, Buffer>();

/**
 * The 32-byte key that derives credential secrets and signs session tokens: the configured
 * `credentialsKey` when set (so several servers and offline verifiers share it), else derived
 * from the server secret with HKDF.
 */
export function credentialsKey(ctx: Pick<Context, 'serverSecret' | 'credentialsKey'>): Buffer {
  if (ctx.credentialsKey) return ctx.credentialsKey;
  let key = derived.get(ctx.serverSecret);
  if (!key) {
    key = Buffer.from(
      hkdfSync('sha256', ctx.serverSecret, Buffer.alloc(0), 'cognate credentials key', 32),
    );
    derived.set(ctx.serverSecret, key);
  }
  return key;
}

/** The SecretKey of an AccessKeyId: computed, never stored. */
export function deriveSecret(key: Buffer, accessKeyId: string): string {
  return createHmac('sha256', key)
    .update(`cognate-credentials:${accessKeyId}`)
    .digest('base64')
    .slice(0, 40);
}

function mac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** `<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, first part))>`. */
export function signSessionToken(key: Buffer, payload: SessionTokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The payload of a session token whose MAC is right (checked in constant time); else undefined. */
export function readSessionToken(key: Buffer, token: string): SessionTokenPayload | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    if (!isPayload(payload)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

function isPayload(p: unknown): p is SessionTokenPayload {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return (
    o.v === 1 &&
    typeof o.akid === 'string' &&
    typeof o.iid === 'string' &&
    typeof o.ipid === 'string' &&
    typeof o.role === 'string' &&
    typeof o.exp === 'number' &&
    typeof o.iat === 'number' &&
    (o.auth === 'authenticated' || o.auth === 'unauthenticated')
  );
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `ASIA` + 16 random characters of [A-Z2-7], AWS's temporary AccessKeyId shape. */
export function newAccessKeyId(random: (bytes: number) => Buffer): string {
  const bytes = random(16);
  let id = 'ASIA';
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}
