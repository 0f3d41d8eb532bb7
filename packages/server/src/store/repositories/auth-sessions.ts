import { PostgresAdapter, type QueryCreator } from 'kysely';
import type { User } from '../../model/user.ts';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { AuthSessionRow, Database } from '../tables.ts';
import {
  findUserById,
  fromPrefixed,
  PREFIXED_USER_COLUMNS,
  type PrefixedUserRow,
} from './users.ts';

/** A stored sign-in flow between InitiateAuth and RespondToAuthChallenge. */
export interface AuthSession {
  id: string;
  userPoolId: string;
  clientId: string;
  userId: string;
  challenge: string;
  state: Record<string, unknown>;
  attempts: number;
  expiresAt: number;
}

function toSession(row: AuthSessionRow): AuthSession {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    clientId: row.client_id,
    userId: row.user_id,
    challenge: row.challenge,
    state: JSON.parse(row.state),
    attempts: Number(row.attempts),
    expiresAt: Number(row.expires_at),
  };
}

type SessionValues = Omit<AuthSessionRow, 'attempts' | 'expires_at' | 'created_at'> & {
  attempts: number;
  expires_at: number;
  created_at: number;
};

const insertQuery = precompile<SessionValues>((db, p) =>
  db.insertInto('auth_sessions').values({
    id: p('id'),
    user_pool_id: p('user_pool_id'),
    client_id: p('client_id'),
    user_id: p('user_id'),
    challenge: p('challenge'),
    state: p('state'),
    attempts: p('attempts'),
    expires_at: p('expires_at'),
    created_at: p('created_at'),
  }),
);

export async function insertSession(db: Db, s: AuthSession, now: number): Promise<void> {
  await insertQuery.execute(db, {
    id: s.id,
    user_pool_id: s.userPoolId,
    client_id: s.clientId,
    user_id: s.userId,
    challenge: s.challenge,
    state: JSON.stringify(s.state),
    attempts: s.attempts,
    expires_at: s.expiresAt,
    created_at: now,
  });
}

const sessionById = precompile<{ id: string }, AuthSessionRow>((db, p) =>
  db.selectFrom('auth_sessions').selectAll().where('id', '=', p('id')),
);

export async function findSession(db: Db, id: string): Promise<AuthSession | undefined> {
  const row = await sessionById.first(db, { id });
  return row && toSession(row);
}

const takeQuery = precompile<{ id: string }, AuthSessionRow>((db, p) =>
  db.deleteFrom('auth_sessions').where('id', '=', p('id')).returningAll(),
);

/**
 * Deletes a session and returns it, in one statement: of two concurrent answers to the same
 * session (on any instance) exactly one gets it.
 */
export async function takeSession(db: Db, id: string): Promise<AuthSession | undefined> {
  const row = await takeQuery.first(db, { id });
  return row && toSession(row);
}

type TakeLiveArgs = { id: string; clientId: string; challenge: string; now: number };

/** Deletes the session if it is the client's, waits on the challenge and is live; returns it. */
function deleteLive(qc: QueryCreator<Database>, p: (name: keyof TakeLiveArgs) => never) {
  return qc
    .deleteFrom('auth_sessions')
    .where('id', '=', p('id'))
    .where('client_id', '=', p('clientId'))
    .where('challenge', '=', p('challenge'))
    .where('expires_at', '>', p('now'))
    .returningAll();
}

const takeLiveQuery = precompile<TakeLiveArgs, AuthSessionRow>(deleteLive);

/**
 * Deletes and returns a session only if it is `clientId`'s, waits on `challenge` and has not
 * expired at `now`, in one statement; undefined otherwise, and the session is left as it was.
 */
export async function takeLiveSession(
  db: Db,
  id: string,
  clientId: string,
  challenge: string,
  now: number,
): Promise<AuthSession | undefined> {
  const row = await takeLiveQuery.first(db, { id, clientId, challenge, now });
  return row && toSession(row);
}

/** An auth session's row with its user's beside it (PREFIXED_USER_COLUMNS). */
type SessionWithUserRow = AuthSessionRow & PrefixedUserRow;

// PostgreSQL only (SQLite has no data-modifying CTE): the take and the user's row, one round trip.
const takeLiveWithUserQuery = precompile<TakeLiveArgs, SessionWithUserRow>((db, p) =>
  db
    .with('taken', (q) => deleteLive(q, p))
    .selectFrom('taken')
    .leftJoin('users as u', 'u.id', 'taken.user_id')
    .selectAll('taken')
    .select(PREFIXED_USER_COLUMNS),
);

/**
 * `takeLiveSession`, and the session's user as it is now (undefined when the session names
 * none, or a user since deleted): one statement on PostgreSQL, two elsewhere.
 */
export async function takeLiveSessionWithUser(
  db: Db,
  id: string,
  clientId: string,
  challenge: string,
  now: number,
): Promise<{ session: AuthSession; user: User | undefined } | undefined> {
  if (db.isTransaction || !(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const session = await takeLiveSession(db, id, clientId, challenge, now);
    if (!session) return undefined;
    const user = session.userId ? await findUserById(db, session.userId) : undefined;
    return { session, user };
  }
  const row = await takeLiveWithUserQuery.first(db, { id, clientId, challenge, now });
  if (!row) return undefined;
  return { session: toSession(row), user: fromPrefixed(row)?.user };
}

/**
 * Counts one wrong answer to a session, in one statement: the count goes up only while it is
 * under `max`, so parallel wrong answers (on any instance) never get more than `max` tries.
 * Returns false once the tries are used up (or the session is gone).
 */
export async function countSessionAttempt(db: Db, id: string, max: number): Promise<boolean> {
  const result = await db
    .updateTable('auth_sessions')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', max)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute();
}
