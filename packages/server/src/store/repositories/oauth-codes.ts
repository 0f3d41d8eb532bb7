import type { Db } from '../open.ts';
import type { OAuthCodeTable } from '../tables.ts';

/** An authorization code as stored: what /oauth2/authorize bound it to. */
export interface OAuthCode {
  /** SHA-256 of the code (hex). */
  id: string;
  userPoolId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  identityProvider?: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  consumedAt?: number;
  /** The refresh grant issued when the code was redeemed. */
  grantId?: string;
}

function toCode(row: OAuthCodeTable): OAuthCode {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    clientId: row.client_id,
    userId: row.user_id,
    redirectUri: row.redirect_uri,
    scopes: row.scopes.split(' ').filter(Boolean),
    ...(row.nonce != null && { nonce: row.nonce }),
    ...(row.code_challenge != null && { codeChallenge: row.code_challenge }),
    ...(row.code_challenge_method != null && {
      codeChallengeMethod: row.code_challenge_method as 'S256' | 'plain',
    }),
    ...(row.identity_provider != null && { identityProvider: row.identity_provider }),
    authTime: Number(row.auth_time),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    ...(row.consumed_at != null && { consumedAt: Number(row.consumed_at) }),
    ...(row.grant_id != null && { grantId: row.grant_id }),
  };
}

export async function insertOAuthCode(db: Db, c: OAuthCode): Promise<void> {
  await db
    .insertInto('oauth_codes')
    .values({
      id: c.id,
      user_pool_id: c.userPoolId,
      client_id: c.clientId,
      user_id: c.userId,
      redirect_uri: c.redirectUri,
      scopes: c.scopes.join(' '),
      nonce: c.nonce ?? null,
      code_challenge: c.codeChallenge ?? null,
      code_challenge_method: c.codeChallengeMethod ?? null,
      identity_provider: c.identityProvider ?? null,
      auth_time: c.authTime,
      created_at: c.createdAt,
      expires_at: c.expiresAt,
      consumed_at: null,
      grant_id: null,
    })
    .execute();
}

export async function findOAuthCode(db: Db, id: string): Promise<OAuthCode | undefined> {
  const row = await db
    .selectFrom('oauth_codes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toCode(row);
}

/**
 * Marks a code redeemed and returns it, in one statement: of two parallel redemptions (on any
 * instance) exactly one gets it; the other gets undefined.
 */
export async function consumeOAuthCode(
  db: Db,
  id: string,
  now: number,
): Promise<OAuthCode | undefined> {
  const row = await db
    .updateTable('oauth_codes')
    .set({ consumed_at: now })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toCode(row);
}

/** Records the refresh grant a redeemed code produced (revoked if the code is replayed). */
export async function setOAuthCodeGrant(db: Db, id: string, grantId: string): Promise<void> {
  await db.updateTable('oauth_codes').set({ grant_id: grantId }).where('id', '=', id).execute();
}

/** Removes codes past their expiry. */
export async function deleteExpiredOAuthCodes(db: Db, now: number): Promise<void> {
  await db.deleteFrom('oauth_codes').where('expires_at', '<', now).execute();
}
