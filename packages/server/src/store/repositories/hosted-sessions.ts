import type { Db } from '../open.ts';

/** A hosted-UI session as stored. */
export interface HostedSession {
  /** SHA-256 of the cookie value (hex). */
  id: string;
  userPoolId: string;
  userId: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
}

export async function insertHostedSession(db: Db, s: HostedSession): Promise<void> {
  await db
    .insertInto('hosted_sessions')
    .values({
      id: s.id,
      user_pool_id: s.userPoolId,
      user_id: s.userId,
      auth_time: s.authTime,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findHostedSessionRow(db: Db, id: string): Promise<HostedSession | undefined> {
  const row = await db
    .selectFrom('hosted_sessions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      userPoolId: row.user_pool_id,
      userId: row.user_id,
      authTime: Number(row.auth_time),
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
    }
  );
}

export async function deleteHostedSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('hosted_sessions').where('id', '=', id).execute();
}

/** Ends every hosted session of a user (global sign-out, disabling, deletion). */
export async function deleteUserHostedSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('hosted_sessions').where('user_id', '=', userId).execute();
}

/** Removes sessions past their expiry. */
export async function deleteExpiredHostedSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('hosted_sessions').where('expires_at', '<', now).execute();
}
