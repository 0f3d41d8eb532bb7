import {
  createPrivateKey,
  createPublicKey,
  type JsonWebKeyInput,
  type KeyObject,
} from 'node:crypto';
import type { UserPool } from '../../model/user-pool.ts';
import type { Db } from '../../store/open.ts';
import {
  deleteRetiredSigningKeys,
  findPublishedSigningKey,
  findSigningKeyByKid,
  findSigningKid,
  insertSigningKey,
  listPublishedSigningKeys,
  listSigningKeys,
  type PublicSigningKey,
  retireSigningKeys,
} from '../../store/repositories/keys.ts';
import { signingKidOf } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { newKeyMaterial } from './key-material.ts';

// A pool's RS256 keys. The newest key that is not retired signs. A key replaced by rotation stays
// published in the JWKS (and accepted for access tokens) until its `retired_at`, after which no
// token it signed can still be valid. All of it lives in the database, so every instance agrees;
// the only process state is the cache of imported keys below, safe because a kid's key never
// changes (the kid is a hash of the public key).

type Deps = Pick<Context, 'db' | 'clock'>;

/**
 * How long a replaced key stays published: the longest ID or access token lifetime Cognito
 * allows (1 day). Not the maximum over the pool's current clients: a client whose validity was
 * shortened, or a client since deleted, may have tokens out that the current settings do not
 * bound, and a day of extra publication of a public key costs nothing.
 */
export const KEY_RETIREMENT_DELAY_MS = 24 * 60 * 60 * 1000;

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

/** Creates the pool's first (or a new) RS256 signing key; older keys are left as they are. */
export async function addSigningKey(ctx: Deps, userPoolId: string): Promise<string> {
  const material = await newKeyMaterial();
  await insertSigningKey(ctx.db, { ...material, userPoolId, createdAt: ctx.clock.now() });
  return material.kid;
}

/** What a rotation did. Times are epoch milliseconds. */
export interface Rotation {
  /** The new signing key. */
  kid: string;
  /** The keys that were signing until now; published until `retiresAt`. */
  retiredKids: string[];
  retiresAt: number;
}

/**
 * Adds a new signing key that signs from now on, and schedules the keys it replaces to leave
 * the JWKS once every token they could have signed has expired. Keys whose retirement has
 * passed are deleted. ResourceNotFoundException for an unknown pool.
 */
export async function rotateSigningKey(ctx: Deps, userPoolId: string): Promise<Rotation> {
  await loadPool(ctx, userPoolId);
  // Key generation takes tens of milliseconds: keep it outside the transaction.
  const material = await newKeyMaterial();
  const now = ctx.clock.now();
  const retiresAt = now + KEY_RETIREMENT_DELAY_MS;
  return inTransaction(ctx.db, async (db) => {
    await insertSigningKey(db, { ...material, userPoolId, createdAt: now });
    const retiredKids = await retireSigningKeys(db, userPoolId, material.kid, retiresAt);
    await deleteRetiredSigningKeys(db, userPoolId, now);
    return { kid: material.kid, retiredKids, retiresAt };
  });
}

async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * The key to sign the pool's tokens with now: the newest key not retired. A pool without one
 * (created before keys were made with the pool) gets one.
 */
export async function currentSigningKey(
  ctx: Deps,
  userPool: string | UserPool,
): Promise<{ kid: string; key: KeyObject }> {
  const userPoolId = typeof userPool === 'string' ? userPool : userPool.id;
  // The pool's row, read for this request already, names its key: no query when it does.
  const named = typeof userPool === 'string' ? undefined : signingKidOf(userPool);
  if (named) {
    const cached = privateKeys.get(named) ?? (await importKey(ctx.db, named));
    if (cached) return { kid: named, key: cached };
  }
  let kid = await findSigningKid(ctx.db, userPoolId);
  if (kid === undefined) kid = await addSigningKey(ctx, userPoolId);
  const imported = privateKeys.get(kid) ?? (await importKey(ctx.db, kid));
  if (!imported) throw new Error(`no signing key ${kid} for ${userPoolId}`);
  return { kid, key: imported };
}

/** Reads and imports the private key `kid`, kept for later calls; undefined if none is stored. */
async function importKey(db: Db, kid: string): Promise<KeyObject | undefined> {
  const key = await findSigningKeyByKid(db, kid);
  if (!key) return undefined;
  const imported = createPrivateKey({
    key: key.privateJwk as JsonWebKeyInput['key'],
    format: 'jwk',
  });
  privateKeys.set(kid, imported);
  return imported;
}

/** The pool's published keys (public halves), newest first. */
export async function publishedKeys(ctx: Deps, userPoolId: string): Promise<PublicSigningKey[]> {
  return listPublishedSigningKeys(ctx.db, userPoolId, ctx.clock.now());
}

/** The pool's JWKS document: every published key. */
export async function jwksOf(ctx: Deps, userPoolId: string) {
  return { keys: (await publishedKeys(ctx, userPoolId)).map((k) => k.publicJwk) };
}

/**
 * The public key to verify one of the pool's tokens with, if `kid` is one of its published
 * keys: access tokens are accepted with exactly the keys the JWKS shows.
 */
export async function verificationKey(
  ctx: Deps,
  userPoolId: string,
  kid: string,
): Promise<KeyObject | undefined> {
  const found = await findPublishedSigningKey(ctx.db, userPoolId, kid, ctx.clock.now());
  if (!found) return undefined;
  let imported = publicKeys.get(kid);
  if (!imported) {
    imported = createPublicKey({ key: found.publicJwk as JsonWebKeyInput['key'], format: 'jwk' });
    publicKeys.set(kid, imported);
  }
  return imported;
}

/** A stored key as `cognate keys list` shows it. */
export interface SigningKeyStatus {
  kid: string;
  createdAt: number;
  retiresAt?: number;
  /**
   * `signing`: signs new tokens; `published`: in the JWKS until `retiresAt`; `expired`: no
   * longer published, deleted at the next rotation.
   */
  state: 'signing' | 'published' | 'expired';
}

/** Every stored key of the pool, newest first. ResourceNotFoundException for an unknown pool. */
export async function describeSigningKeys(
  ctx: Deps,
  userPoolId: string,
): Promise<SigningKeyStatus[]> {
  await loadPool(ctx, userPoolId);
  const now = ctx.clock.now();
  const keys = await listSigningKeys(ctx.db, userPoolId);
  const signing = keys.find((k) => k.retiredAt === undefined)?.kid;
  return keys.map((k) => ({
    kid: k.kid,
    createdAt: k.createdAt,
    retiresAt: k.retiredAt,
    state:
      k.kid === signing
        ? 'signing'
        : k.retiredAt === undefined || k.retiredAt > now
          ? 'published'
          : 'expired',
  }));
}
