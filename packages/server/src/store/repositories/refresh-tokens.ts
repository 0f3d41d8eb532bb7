import { PostgresAdapter, type QueryCreator, sql } from 'kysely';
import type { Db } from '../open.ts';
import { precompile } from '../precompiled.ts';
import type { Database, RefreshTokenRow } from '../tables.ts';
import { inTransaction } from '../transaction.ts';
import { authEventRow, insertAuthEvent, type StoredAuthEvent } from './auth-events.ts';
import { selectTokenGroups, type TokenGroup, type TokenGroupRow, toTokenGroups } from './groups.ts';
import { releaseAttempt } from './sign-in-failures.ts';

/** One sign-in's refresh token (hashed); its id is the `origin_jti` of the tokens it yields. */
export interface RefreshGrant {
  id: string;
  userPoolId: string;
  clientId: string;
  userId: string;
  tokenHash: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  revokedAt?: number;
  /** The device the sign-in was issued to, when the pool tracks devices. */
  deviceKey?: string;
  /** OAuth scopes of a grant from the OAuth endpoints; absent for the API's sign-ins. */
  scopes?: string[];
  /**
   * For a token handed out by a rotation: the id of its sign-in's grant (the family). Absent on
   * the sign-in's own grant, whose id is every family member's `origin_jti`.
   */
  familyId?: string;
  /** When the token was exchanged for its successor (refresh-token rotation). */
  rotatedAt?: number;
}

function toGrant(row: RefreshTokenRow): RefreshGrant {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    clientId: row.client_id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    authTime: Number(row.auth_time),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at == null ? undefined : Number(row.revoked_at),
    ...(row.device_key != null && { deviceKey: row.device_key }),
    ...(row.scopes != null && { scopes: row.scopes.split(' ').filter(Boolean) }),
    ...(row.family_id != null && { familyId: row.family_id }),
    ...(row.rotated_at != null && { rotatedAt: Number(row.rotated_at) }),
  };
}

export async function insertGrant(db: Db, g: RefreshGrant): Promise<void> {
  await insertQuery.execute(db, grantValues(g));
}

/** A grant as the parameters of `insertQuery` (absent optional columns as null). */
function grantValues(g: RefreshGrant): GrantValues {
  return {
    id: g.id,
    userPoolId: g.userPoolId,
    clientId: g.clientId,
    userId: g.userId,
    tokenHash: g.tokenHash,
    authTime: g.authTime,
    createdAt: g.createdAt,
    expiresAt: g.expiresAt,
    scopes: g.scopes ? g.scopes.join(' ') : null,
    familyId: g.familyId || null,
  };
}

type GrantValues = {
  id: string;
  userPoolId: string;
  clientId: string;
  userId: string;
  tokenHash: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  scopes: string | null;
  familyId: string | null;
};

/** A grant's row, its values the precompiled query's parameters. */
function grantRow(p: (name: keyof GrantValues & string) => never) {
  return {
    id: p('id'),
    user_pool_id: p('userPoolId'),
    client_id: p('clientId'),
    user_id: p('userId'),
    token_hash: p('tokenHash'),
    auth_time: p('authTime'),
    created_at: p('createdAt'),
    expires_at: p('expiresAt'),
    revoked_at: null,
    scopes: p('scopes'),
    family_id: p('familyId'),
  };
}

// Precompiled: every sign-in inserts a grant, every refresh reads one.
const insertQuery = precompile<GrantValues>((db, p) =>
  db.insertInto('refresh_tokens').values(grantRow(p)),
);

/**
 * Inserts a sign-in's grant and its auth event, both or neither. On PostgreSQL outside a
 * transaction this is one statement (a CTE, no BEGIN and COMMIT: one round trip instead of
 * four) that also reads the user's groups for the tokens about to be signed, and returns them;
 * elsewhere the two inserts share a transaction and the answer is undefined (read them apart).
 */
export async function insertGrantWithEvent(
  db: Db,
  g: RefreshGrant,
  e: StoredAuthEvent,
  /** A reserved password check to take back in the same commit (see releaseAttempt). */
  release?: { userId: string; place: number },
): Promise<TokenGroup[] | undefined> {
  if (db.isTransaction || !(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await inTransaction(db, async (trx) => {
      if (release) await releaseAttempt(trx, release.userId, release.place);
      await insertGrant(trx, g);
      await insertAuthEvent(trx, e);
    });
    return undefined;
  }
  const rows = await grantWithEventQuery.rows(db, {
    ...grantValues(g),
    // No user has an empty id: without a release the two release steps match no row.
    releaseUserId: release?.userId ?? '',
    releasePlace: release?.place ?? 0,
    eventId: e.id,
    eventType: e.eventType,
    eventResponse: e.eventResponse,
    challenges: JSON.stringify(e.challenges),
    eventCreatedAt: e.createdAt,
  });
  return toTokenGroups(rows);
}

type GrantWithEventValues = GrantValues & {
  releaseUserId: string;
  releasePlace: number;
  eventCreatedAt: number;
  eventId: string;
  eventType: string;
  eventResponse: string;
  challenges: string;
};

// PostgreSQL only: SQLite has no data-modifying CTE. The event shares the grant's pool and user.
// Every step runs whatever the outer select reads; it sees the groups as they were before them.
// The release is releaseAttempt's two statements as two steps: on one snapshot, at most one of
// them matches the user's row.
const grantWithEventQuery = precompile<GrantWithEventValues, TokenGroupRow>((db, p) => {
  const steps = db
    .with('released', (q) =>
      q
        .deleteFrom('sign_in_failures')
        .where('user_id', '=', p('releaseUserId'))
        .where('failures', '<=', p('releasePlace')),
    )
    .with('shrunk', (q) =>
      q
        .updateTable('sign_in_failures')
        .set({ failures: sql<number>`failures - ${p('releasePlace')}` })
        .where('user_id', '=', p('releaseUserId'))
        .where('failures', '>', p('releasePlace')),
    )
    .with('grant', (q) => q.insertInto('refresh_tokens').values(grantRow(p)))
    .with('event', (q) =>
      q
        .insertInto('auth_events')
        .values(
          authEventRow((n) => p(n === 'id' ? 'eventId' : n === 'createdAt' ? 'eventCreatedAt' : n)),
        ),
    );
  // The steps only add names to the query's scope: the select reads the tables as usual.
  return selectTokenGroups(steps as unknown as QueryCreator<Database>, p('userId'));
});

/**
 * Marks a live, not yet rotated token as exchanged for its successor, in one conditional update:
 * of concurrent exchanges of one token exactly one gets true (the row lock on PostgreSQL, the
 * write lock on SQLite). Call it in the transaction that inserts the successor.
 */
export async function claimRotation(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ rotated_at: now })
    .where('id', '=', id)
    .where('rotated_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Revokes a sign-in's whole family: its own grant (every family member's access and ID tokens
 * name it as `origin_jti`, so they fail with it) and every token rotation handed out from it.
 */
export async function revokeFamily(db: Db, familyId: string, now: number): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where((eb) => eb.or([eb('id', '=', familyId), eb('family_id', '=', familyId)]))
    .where('revoked_at', 'is', null)
    .execute();
}

export async function findGrantByHash(
  db: Db,
  tokenHash: string,
): Promise<RefreshGrant | undefined> {
  const row = await grantByHash.first(db, { tokenHash });
  return row && toGrant(row);
}

export async function findGrant(db: Db, id: string): Promise<RefreshGrant | undefined> {
  const row = await grantById.first(db, { id });
  return row && toGrant(row);
}

const grantByHash = precompile<{ tokenHash: string }, RefreshTokenRow>((db, p) =>
  db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', p('tokenHash')),
);

const grantById = precompile<{ id: string }, RefreshTokenRow>((db, p) =>
  db.selectFrom('refresh_tokens').selectAll().where('id', '=', p('id')),
);

export async function revokeGrant(db: Db, id: string, now: number): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeUserGrants(db: Db, userId: string, now: number): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Deletes the refresh tokens that expired before `now`: nothing can use one any more, revoked
 * or not. Returns how many.
 */
export async function deleteExpiredGrants(db: Db, now: number): Promise<number> {
  const result = await db
    .deleteFrom('refresh_tokens')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
