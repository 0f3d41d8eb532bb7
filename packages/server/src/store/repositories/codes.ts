import type { Db } from '../open.ts';
import type { CodeRow } from '../tables.ts';

/** A stored one-time code (its hash, never the code). */
export interface StoredCode {
  id: string;
  userPoolId: string;
  userId: string;
  purpose: string;
  codeHash: string;
  attempts: number;
  expiresAt: number;
}

function toCode(row: CodeRow): StoredCode {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    userId: row.user_id,
    purpose: row.purpose,
    codeHash: row.code_hash,
    attempts: Number(row.attempts),
    expiresAt: Number(row.expires_at),
  };
}

export async function findCode(
  db: Db,
  userId: string,
  purpose: string,
): Promise<StoredCode | undefined> {
  const row = await db
    .selectFrom('codes')
    .selectAll()
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row && toCode(row);
}

/**
 * Stores a code, replacing any earlier one for the same user and purpose. One upsert, so two
 * concurrent requests (on any instance) leave one code rather than a uniqueness error.
 */
export async function putCode(db: Db, code: StoredCode, now: number): Promise<void> {
  const row = {
    id: code.id,
    user_pool_id: code.userPoolId,
    code_hash: code.codeHash,
    attempts: code.attempts,
    expires_at: code.expiresAt,
    created_at: now,
  };
  await db
    .insertInto('codes')
    .values({ ...row, user_id: code.userId, purpose: code.purpose })
    .onConflict((oc) => oc.columns(['user_id', 'purpose']).doUpdateSet(row))
    .execute();
}

export async function countCodeAttempt(db: Db, id: string): Promise<void> {
  await db
    .updateTable('codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function deleteCode(db: Db, userId: string, purpose: string): Promise<void> {
  await db
    .deleteFrom('codes')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .execute();
}

/** Removes codes past their expiry (they can no longer be used anyway). */
export async function deleteExpiredCodes(db: Db, now: number): Promise<void> {
  await db.deleteFrom('codes').where('expires_at', '<', now).execute();
}
