import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { IdentityCredentialTable } from '../tables.ts';

/** Issued temporary credentials (the secret is derived from the key id, never stored). */
export interface IdentityCredentialRecord {
  accessKeyId: string;
  identityId: string;
  identityPoolId: string;
  roleArn: string;
  issuedAt: number;
  expiresAt: number;
  /** The login they were issued for; absent for a guest. */
  login?: { provider: string; subject: string };
  /** When the login was an ID token of one of this server's user pools. */
  userPoolId?: string;
  userSub?: string;
  originJti?: string;
}

function toRecord(row: Selectable<IdentityCredentialTable>): IdentityCredentialRecord {
  return {
    accessKeyId: row.access_key_id,
    identityId: row.identity_id,
    identityPoolId: row.identity_pool_id,
    roleArn: row.role_arn,
    issuedAt: Number(row.issued_at),
    expiresAt: Number(row.expires_at),
    login:
      row.login_provider !== null
        ? { provider: row.login_provider, subject: row.login_subject ?? '' }
        : undefined,
    userPoolId: row.user_pool_id ?? undefined,
    userSub: row.user_sub ?? undefined,
    originJti: row.origin_jti ?? undefined,
  };
}

export async function insertIdentityCredential(db: Db, c: IdentityCredentialRecord): Promise<void> {
  await db
    .insertInto('identity_credentials')
    .values({
      access_key_id: c.accessKeyId,
      identity_id: c.identityId,
      identity_pool_id: c.identityPoolId,
      role_arn: c.roleArn,
      issued_at: c.issuedAt,
      expires_at: c.expiresAt,
      login_provider: c.login?.provider ?? null,
      login_subject: c.login?.subject ?? null,
      user_pool_id: c.userPoolId ?? null,
      user_sub: c.userSub ?? null,
      origin_jti: c.originJti ?? null,
    })
    .execute();
}

export async function findIdentityCredential(
  db: Db,
  accessKeyId: string,
): Promise<IdentityCredentialRecord | undefined> {
  const row = await db
    .selectFrom('identity_credentials')
    .selectAll()
    .where('access_key_id', '=', accessKeyId)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Removes credentials that expired before `now` (epoch ms); returns how many. */
export async function deleteExpiredIdentityCredentials(db: Db, now: number): Promise<number> {
  const res = await db
    .deleteFrom('identity_credentials')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
