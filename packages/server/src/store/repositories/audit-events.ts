import type { Db } from '../open.ts';
import type { AuditEventRow } from '../tables.ts';

/** One admin operation as the audit log keeps it. Times are epoch milliseconds. */
export interface AuditEvent {
  id: string;
  at: number;
  accessKeyId?: string;
  consoleSessionId?: string;
  operation: string;
  userPoolId?: string;
  targetUsername?: string;
  targetClientId?: string;
  targetGroup?: string;
  /** 'ok' or the error's wire name. */
  outcome: string;
  sourceIp?: string;
  userAgent?: string;
}

/** Filters of a listing; every one optional. */
export interface AuditFilter {
  /** Events at or after this time. */
  since?: number;
  /** Events before this time. */
  until?: number;
  operation?: string;
  accessKeyId?: string;
  userPoolId?: string;
}

/** Where a page starts: after this event in newest-first order. */
export interface AuditPosition {
  at: number;
  id: string;
}

const opt = (v: string | null) => v ?? undefined;

function toEvent(row: AuditEventRow): AuditEvent {
  const e: AuditEvent = {
    id: row.id,
    at: Number(row.created_at),
    operation: row.operation,
    outcome: row.outcome,
    accessKeyId: opt(row.access_key_id),
    consoleSessionId: opt(row.console_session_id),
    userPoolId: opt(row.user_pool_id),
    targetUsername: opt(row.target_username),
    targetClientId: opt(row.target_client_id),
    targetGroup: opt(row.target_group),
    sourceIp: opt(row.source_ip),
    userAgent: opt(row.user_agent),
  };
  for (const key of Object.keys(e) as (keyof AuditEvent)[]) {
    if (e[key] === undefined) delete e[key];
  }
  return e;
}

export async function insertAuditEvent(db: Db, e: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: e.id,
      created_at: e.at,
      access_key_id: e.accessKeyId ?? null,
      console_session_id: e.consoleSessionId ?? null,
      operation: e.operation,
      user_pool_id: e.userPoolId ?? null,
      target_username: e.targetUsername ?? null,
      target_client_id: e.targetClientId ?? null,
      target_group: e.targetGroup ?? null,
      outcome: e.outcome,
      source_ip: e.sourceIp ?? null,
      user_agent: e.userAgent ?? null,
    })
    .execute();
}

/** Up to `limit` events matching `filter`, newest first, after `after` when given. */
export async function listAuditEvents(
  db: Db,
  filter: AuditFilter,
  limit: number,
  after?: AuditPosition,
): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (filter.since !== undefined) q = q.where('created_at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('created_at', '<', filter.until);
  if (filter.operation !== undefined) q = q.where('operation', '=', filter.operation);
  if (filter.accessKeyId !== undefined) q = q.where('access_key_id', '=', filter.accessKeyId);
  if (filter.userPoolId !== undefined) q = q.where('user_pool_id', '=', filter.userPoolId);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.at),
        eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toEvent);
}

/** Deletes the events older than `before` (retention). Returns how many. */
export async function deleteAuditEventsBefore(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('audit_events')
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
