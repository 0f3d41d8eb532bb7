import {
  type AuditEvent,
  type AuditFilter,
  type AuditPosition,
  listAuditEvents,
} from '../../store/repositories/audit-events.ts';
import type { Context } from '../context.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';

/** CognateListAuditEvents' largest (and default) page. */
export const MAX_AUDIT_EVENTS = 60;

const isPosition = (v: unknown): v is AuditPosition =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as AuditPosition).at === 'number' &&
  typeof (v as AuditPosition).id === 'string';

/**
 * One page of the audit log, newest first. The NextToken is bound to the filter it came from,
 * so it cannot be replayed against another listing.
 */
export async function listAuditLog(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  filter: AuditFilter,
  page: { maxResults?: number; nextToken?: string },
): Promise<{ events: AuditEvent[]; nextToken?: string }> {
  const scope = `CognateListAuditEvents\0${JSON.stringify(filter)}`;
  const after = page.nextToken ? openPageToken(ctx, scope, page.nextToken, isPosition) : undefined;
  const limit = page.maxResults || MAX_AUDIT_EVENTS;
  const rows = await listAuditEvents(ctx.db, filter, limit + 1, after);
  const events = rows.slice(0, limit);
  const last = events[events.length - 1];
  return {
    events,
    ...(rows.length > limit &&
      last && {
        nextToken: sealPageToken(ctx, scope, { at: last.at, id: last.id }),
      }),
  };
}
