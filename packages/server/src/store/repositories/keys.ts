import type { Db } from '../open.ts';

/** A pool's RS256 signing key as JWKs. */
export interface SigningKey {
  kid: string;
  userPoolId: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: number;
  retiredAt?: number;
}

export async function insertSigningKey(db: Db, k: SigningKey): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({
      kid: k.kid,
      user_pool_id: k.userPoolId,
      private_jwk: JSON.stringify(k.privateJwk),
      public_jwk: JSON.stringify(k.publicJwk),
      created_at: k.createdAt,
      retired_at: null,
    })
    .execute();
}

/** Every key of a pool, newest first. */
export async function listSigningKeys(db: Db, userPoolId: string): Promise<SigningKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('user_pool_id', '=', userPoolId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    kid: r.kid,
    userPoolId: r.user_pool_id,
    privateJwk: JSON.parse(r.private_jwk),
    publicJwk: JSON.parse(r.public_jwk),
    createdAt: Number(r.created_at),
    retiredAt: r.retired_at == null ? undefined : Number(r.retired_at),
  }));
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
  return row?.secret_access_key;
}

export async function listAccessKeys(db: Db): Promise<{ accessKeyId: string; secret: string }[]> {
  const rows = await db.selectFrom('access_keys').selectAll().execute();
  return rows.map((r) => ({ accessKeyId: r.access_key_id, secret: r.secret_access_key }));
}

export async function insertAccessKey(
  db: Db,
  k: { accessKeyId: string; secret: string; createdAt: number },
): Promise<void> {
  await db
    .insertInto('access_keys')
    .values({
      access_key_id: k.accessKeyId,
      secret_access_key: k.secret,
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
  return row?.value;
}

export async function putServerSecret(db: Db, name: string, value: string): Promise<void> {
  await db.insertInto('server_secrets').values({ name, value }).execute();
}
