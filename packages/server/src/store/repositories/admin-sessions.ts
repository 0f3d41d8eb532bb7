import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import type { AdminSessionTable } from '../tables.ts';

/** One admin console session as stored (the token only as its hash). */
export interface AdminSession {
  id: string;
  tokenHash: string;
  accessKeyId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Idle expiry; moves forward on use, never past `absoluteExpiresAt`. */
  expiresAt: number;
  absoluteExpiresAt: number;
  sourceIp?: string;
  userAgent?: string;
}

function toSession(r: Selectable<AdminSessionTable>): AdminSession {
  return {
    id: r.id,
    tokenHash: r.token_hash,
    accessKeyId: r.access_key_id,
    createdAt: Number(r.created_at),
    lastSeenAt: Number(r.last_seen_at),
    expiresAt: Number(r.expires_at),
    absoluteExpiresAt: Number(r.absolute_expires_at),
    sourceIp: r.source_ip ?? undefined,
    userAgent: r.user_agent ?? undefined,
  };
}

export async function insertAdminSession(db: Db, s: AdminSession): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      access_key_id: s.accessKeyId,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      absolute_expires_at: s.absoluteExpiresAt,
      source_ip: s.sourceIp ?? null,
      user_agent: s.userAgent ?? null,
    })
    .execute();
}

/**
 * The live session whose token hashes to `tokenHash` at `now`, if its access key still exists
 * (deleting an admin key ends the console sessions signed in with it).
 */
export async function findLiveAdminSession(
  db: Db,
  tokenHash: string,
  now: number,
): Promise<AdminSession | undefined> {
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('access_keys', 'access_keys.access_key_id', 'admin_sessions.access_key_id')
    .selectAll('admin_sessions')
    .where('admin_sessions.token_hash', '=', tokenHash)
    .where('admin_sessions.expires_at', '>', now)
    .executeTakeFirst();
  return row && toSession(row);
}

/** Every live session, newest first. */
export async function listLiveAdminSessions(db: Db, now: number): Promise<AdminSession[]> {
  const rows = await db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toSession);
}

/** Records use: the last-seen time and the idle expiry it moves to. */
export async function touchAdminSession(
  db: Db,
  id: string,
  lastSeenAt: number,
  expiresAt: number,
): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

/** Ends a session; returns whether there was one. */
export async function deleteAdminSession(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('admin_sessions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Removes sessions expired before `now`. */
export async function deleteExpiredAdminSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
}
