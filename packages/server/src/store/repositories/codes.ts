import { sql } from 'kysely';
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
 * concurrent requests (on any instance) leave one code rather than a uniqueness error. The
 * earlier code's wrong guesses stay counted while their run began after `runsSince`: a fresh
 * code does not bring fresh tries.
 */
export async function putCode(
  db: Db,
  code: StoredCode,
  now: number,
  runsSince: number,
): Promise<void> {
  const row = {
    id: code.id,
    user_pool_id: code.userPoolId,
    code_hash: code.codeHash,
    expires_at: code.expiresAt,
    created_at: now,
  };
  const live = sql<boolean>`codes.attempts_since > ${runsSince}`;
  await db
    .insertInto('codes')
    .values({
      ...row,
      user_id: code.userId,
      purpose: code.purpose,
      attempts: code.attempts,
      attempts_since: 0,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'purpose']).doUpdateSet({
        ...row,
        attempts: sql<number>`case when ${live} then codes.attempts else 0 end`,
        attempts_since: sql<number>`case when ${live} then codes.attempts_since else 0 end`,
      }),
    )
    .execute();
}

/**
 * Reserves one guess at the code `id` in one statement: counts it, unless `max` guesses were
 * made in the run that began after `runsSince` (a run older than that starts again). Returns
 * false, counting nothing, when the guesses are used up; concurrent guesses on any instance
 * never get more than `max` through.
 */
export async function reserveGuess(
  db: Db,
  id: string,
  now: number,
  runsSince: number,
  max: number,
): Promise<boolean> {
  const live = sql<boolean>`attempts_since > ${runsSince}`;
  const row = await db
    .updateTable('codes')
    .set({
      attempts: sql<number>`case when ${live} then attempts + 1 else 1 end`,
      attempts_since: sql<number>`case when ${live} then attempts_since else cast(${now} as bigint) end`,
    })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('attempts', '<', max), eb('attempts_since', '<=', runsSince)]))
    .returning('attempts')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Rewrites a stored code's creation time: a write of the size and cost of the ones a real code
 * delivery makes (its auth event, its outbox row), for the decoy of an unknown user, which must
 * cost what a real request costs without leaving rows behind.
 */
export async function touchCode(db: Db, userId: string, purpose: string, now: number) {
  await db
    .updateTable('codes')
    .set({ created_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
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
