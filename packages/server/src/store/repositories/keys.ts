import { openAtRest, sealAtRest } from '../at-rest.ts';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { SigningKeyRow } from '../tables.ts';

/** A pool's RS256 signing key, public half only (what the JWKS and verification need). */
export interface PublicSigningKey {
  kid: string;
  userPoolId: string;
  publicJwk: Record<string, unknown>;
  createdAt: number;
  /** When it leaves the JWKS; absent while it is the signing key. */
  retiredAt?: number;
}

/** A pool's RS256 signing key as JWKs. */
export interface SigningKey extends PublicSigningKey {
  privateJwk: Record<string, unknown>;
}

const PUBLIC_COLUMNS = ['kid', 'user_pool_id', 'public_jwk', 'created_at', 'retired_at'] as const;

function toPublicKey(r: Omit<SigningKeyRow, 'private_jwk'>): PublicSigningKey {
  return {
    kid: r.kid,
    userPoolId: r.user_pool_id,
    publicJwk: JSON.parse(r.public_jwk),
    createdAt: Number(r.created_at),
    retiredAt: r.retired_at == null ? undefined : Number(r.retired_at),
  };
}

function toSigningKey(r: SigningKeyRow): SigningKey {
  return {
    ...toPublicKey(r),
    privateJwk: JSON.parse(openAtRest('signing key', r.kid, r.private_jwk)),
  };
}

export async function insertSigningKey(db: Db, k: SigningKey): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({
      kid: k.kid,
      user_pool_id: k.userPoolId,
      private_jwk: sealAtRest('signing key', k.kid, JSON.stringify(k.privateJwk)),
      public_jwk: JSON.stringify(k.publicJwk),
      created_at: k.createdAt,
      retired_at: k.retiredAt ?? null,
    })
    .execute();
  // The newest key signs: the pool's row names it (none for a key set of no pool).
  if (k.retiredAt === undefined) {
    await db
      .updateTable('user_pools')
      .set({ signing_kid: k.kid })
      .where('id', '=', k.userPoolId)
      .execute();
  }
}

/** Every key of a pool, newest first. */
export async function listSigningKeys(db: Db, userPoolId: string): Promise<SigningKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('user_pool_id', '=', userPoolId)
    .orderBy('created_at', 'desc')
    .orderBy('kid', 'desc')
    .execute();
  return rows.map(toSigningKey);
}

/** The key that signs: the newest one not retired. */
/**
 * The kid of the key that signs the pool's tokens now (the newest not retired): the key itself
 * is read only when the caller does not hold it already, which saves parsing its JWKs.
 */
export async function findSigningKid(db: Db, userPoolId: string): Promise<string | undefined> {
  const row = await signingKid.first(db, { userPoolId });
  return row?.kid;
}

const signingKid = precompile<{ userPoolId: string }, { kid: string }>((db, p) =>
  db
    .selectFrom('signing_keys')
    .select('kid')
    .where('user_pool_id', '=', p('userPoolId'))
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('kid', 'desc')
    .limit(1),
);

/** One key by its kid. */
export async function findSigningKeyByKid(db: Db, kid: string): Promise<SigningKey | undefined> {
  const row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('kid', '=', kid)
    .executeTakeFirst();
  return row && toSigningKey(row);
}

/** Keys published at `now` (not retired, or retiring later), newest first. */
export async function listPublishedSigningKeys(
  db: Db,
  userPoolId: string,
  now: number,
): Promise<PublicSigningKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select(PUBLIC_COLUMNS)
    .where('user_pool_id', '=', userPoolId)
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .orderBy('kid', 'desc')
    .execute();
  return rows.map(toPublicKey);
}

/** One of the pool's keys by kid, if it is published at `now`. */
export async function findPublishedSigningKey(
  db: Db,
  userPoolId: string,
  kid: string,
  now: number,
): Promise<PublicSigningKey | undefined> {
  const row = await db
    .selectFrom('signing_keys')
    .select(PUBLIC_COLUMNS)
    .where('kid', '=', kid)
    .where('user_pool_id', '=', userPoolId)
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now)]))
    .executeTakeFirst();
  return row && toPublicKey(row);
}

/**
 * Schedules every not-yet-retired key of the pool except `keepKid` to leave the JWKS at
 * `retiredAt`, and returns their kids. Keys already retiring keep their earlier date.
 */
export async function retireSigningKeys(
  db: Db,
  userPoolId: string,
  keepKid: string,
  retiredAt: number,
): Promise<string[]> {
  const rows = await db
    .updateTable('signing_keys')
    .set({ retired_at: retiredAt })
    .where('user_pool_id', '=', userPoolId)
    .where('retired_at', 'is', null)
    .where('kid', '!=', keepKid)
    .returning('kid')
    .execute();
  return rows.map((r) => r.kid);
}

/** Deletes the pool's keys whose retirement has passed (no token they signed is still valid). */
export async function deleteRetiredSigningKeys(
  db: Db,
  userPoolId: string,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('signing_keys')
    .where('user_pool_id', '=', userPoolId)
    .where('retired_at', '<=', now)
    .execute();
}

export async function findAccessKeySecret(
  db: Db,
  accessKeyId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('access_keys')
    .select('secret_access_key')
    .where('access_key_id', '=', accessKeyId)
    .executeTakeFirst();
  return row && openAtRest('access key', accessKeyId, row.secret_access_key);
}

export async function listAccessKeys(db: Db): Promise<{ accessKeyId: string; secret: string }[]> {
  const rows = await db.selectFrom('access_keys').selectAll().execute();
  return rows.map((r) => ({
    accessKeyId: r.access_key_id,
    secret: openAtRest('access key', r.access_key_id, r.secret_access_key),
  }));
}

export async function insertAccessKey(
  db: Db,
  k: { accessKeyId: string; secret: string; createdAt: number },
): Promise<void> {
  await db
    .insertInto('access_keys')
    .values({
      access_key_id: k.accessKeyId,
      secret_access_key: sealAtRest('access key', k.accessKeyId, k.secret),
      created_at: k.createdAt,
    })
    .execute();
}

export async function getServerSecret(db: Db, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row && openAtRest('server secret', name, row.value);
}

export async function putServerSecret(db: Db, name: string, value: string): Promise<void> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: sealAtRest('server secret', name, value) })
    .execute();
}
