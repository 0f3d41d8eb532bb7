import { PostgresAdapter } from 'kysely';
import type { User } from '../../model/user.ts';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { AuthSessionRow } from '../tables.ts';
import { findUserById, toUser } from './users.ts';

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

const takeLiveQuery = precompile<
  { id: string; clientId: string; challenge: string; now: number },
  AuthSessionRow
>((db, p) =>
  db
    .deleteFrom('auth_sessions')
    .where('id', '=', p('id'))
    .where('client_id', '=', p('clientId'))
    .where('challenge', '=', p('challenge'))
    .where('expires_at', '>', p('now'))
    .returningAll(),
);

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

/** An auth session's row with its user's beside it, the user's columns renamed `u_*`. */
type SessionWithUserRow = AuthSessionRow & {
  u_id: string | null;
  u_user_pool_id: string | null;
  u_username: string | null;
  u_username_key: string | null;
  u_status: string | null;
  u_enabled: number | null;
  u_attributes: string | null;
  u_srp_salt: string | null;
  u_srp_verifier: string | null;
  u_password_changed_at: number | null;
  u_tokens_valid_after: number | null;
  u_created_at: number | null;
  u_updated_at: number | null;
};

// PostgreSQL only (SQLite has no data-modifying CTE): the take and the user's row, one round trip.
const takeLiveWithUserQuery = precompile<
  { id: string; clientId: string; challenge: string; now: number },
  SessionWithUserRow
>((db, p) =>
  db
    .with('taken', (q) =>
      q
        .deleteFrom('auth_sessions')
        .where('id', '=', p('id'))
        .where('client_id', '=', p('clientId'))
        .where('challenge', '=', p('challenge'))
        .where('expires_at', '>', p('now'))
        .returningAll(),
    )
    .selectFrom('taken')
    .leftJoin('users as u', 'u.id', 'taken.user_id')
    .selectAll('taken')
    .select([
      'u.id as u_id',
      'u.user_pool_id as u_user_pool_id',
      'u.username as u_username',
      'u.username_key as u_username_key',
      'u.status as u_status',
      'u.enabled as u_enabled',
      'u.attributes as u_attributes',
      'u.srp_salt as u_srp_salt',
      'u.srp_verifier as u_srp_verifier',
      'u.password_changed_at as u_password_changed_at',
      'u.tokens_valid_after as u_tokens_valid_after',
      'u.created_at as u_created_at',
      'u.updated_at as u_updated_at',
    ]),
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
  const user =
    row.u_id == null
      ? undefined
      : toUser({
          id: row.u_id,
          user_pool_id: row.u_user_pool_id as string,
          username: row.u_username as string,
          username_key: row.u_username_key as string,
          status: row.u_status as string,
          enabled: row.u_enabled as number,
          attributes: row.u_attributes as string,
          srp_salt: row.u_srp_salt,
          srp_verifier: row.u_srp_verifier,
          password_changed_at: row.u_password_changed_at,
          tokens_valid_after: row.u_tokens_valid_after as number,
          created_at: row.u_created_at as number,
          updated_at: row.u_updated_at as number,
        });
  return { session: toSession(row), user };
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
