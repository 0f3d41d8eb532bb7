import type { Selectable } from 'kysely';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { AuthEventTable } from '../tables.ts';

/** One stored sign-in history entry (AdminListUserAuthEvents). */
export interface StoredAuthEvent {
  id: string;
  userPoolId: string;
  userId: string;
  eventType: string;
  eventResponse: string;
  /** Cognito's ChallengeResponseType list, as given. */
  challenges: { ChallengeName: string; ChallengeResponse: string }[];
  createdAt: number;
}

/** Where a page of events starts: after this event, in newest-first order. */
export interface AuthEventCursor {
  createdAt: number;
  id: string;
}

function toEvent(row: Selectable<AuthEventTable>): StoredAuthEvent {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    userId: row.user_id,
    eventType: row.event_type,
    eventResponse: row.event_response,
    challenges: JSON.parse(row.challenges),
    createdAt: Number(row.created_at),
  };
}

/** Stores one event: a single insert, since sign-in records one on every attempt. */
export async function insertAuthEvent(db: Db, e: StoredAuthEvent): Promise<void> {
  await insertQuery.execute(db, {
    id: e.id,
    userPoolId: e.userPoolId,
    userId: e.userId,
    eventType: e.eventType,
    eventResponse: e.eventResponse,
    challenges: JSON.stringify(e.challenges),
    createdAt: e.createdAt,
  });
}

const insertQuery = precompile<{
  id: string;
  userPoolId: string;
  userId: string;
  eventType: string;
  eventResponse: string;
  challenges: string;
  createdAt: number;
}>((db, p) => db.insertInto('auth_events').values(authEventRow(p)));

type AuthEventParam =
  | 'id'
  | 'userPoolId'
  | 'userId'
  | 'eventType'
  | 'eventResponse'
  | 'challenges'
  | 'createdAt';

/** An auth event's columns for a precompiled insert, each the parameter `p` names. */
export function authEventRow(p: (name: AuthEventParam) => never) {
  return {
    id: p('id'),
    user_pool_id: p('userPoolId'),
    user_id: p('userId'),
    event_type: p('eventType'),
    event_response: p('eventResponse'),
    challenges: p('challenges'),
    context: null,
    created_at: p('createdAt'),
  };
}

/**
 * A user's events, newest first, starting after `after`: a range scan of the
 * (user_id, created_at, id) index whatever the history's length.
 */
export async function listAuthEvents(
  db: Db,
  userId: string,
  limit: number,
  after?: AuthEventCursor,
): Promise<StoredAuthEvent[]> {
  let q = db
    .selectFrom('auth_events')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return (await q.execute()).map(toEvent);
}

/** Deletes the events recorded before `before` (epoch ms); returns how many. */
export async function deleteAuthEventsBefore(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('auth_events')
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
