import { deleteAuditEventsBefore } from '../store/repositories/audit-events.ts';
import { deleteAuthEventsBefore } from '../store/repositories/auth-events.ts';
import { deleteExpiredSessions } from '../store/repositories/auth-sessions.ts';
import { deleteExpiredCodes } from '../store/repositories/codes.ts';
import { deleteStaleUnconfirmedDevices } from '../store/repositories/devices.ts';
import { deleteExpiredHostedSessions } from '../store/repositories/hosted-sessions.ts';
import { deleteExpiredIdentityCredentials } from '../store/repositories/identity-credentials.ts';
import { deleteExpiredOAuthCodes } from '../store/repositories/oauth-codes.ts';
import { deleteMessagesBefore } from '../store/repositories/outbox.ts';
import { deleteFullBuckets } from '../store/repositories/rate-limits.ts';
import { deleteExpiredGrants } from '../store/repositories/refresh-tokens.ts';
import { deleteStaleFailures } from '../store/repositories/sign-in-failures.ts';
import { deleteExpiredUpstreamFlows } from '../store/repositories/upstream-flows.ts';
import {
  abandonStaleImportJobs,
  deleteFinishedImportJobs,
} from '../store/repositories/user-import-jobs.ts';
import type { Context } from './context.ts';

/** A running import job refreshes its heartbeat every batch; this long without one, it is dead. */
export const IMPORT_JOB_STALE_MS = 5 * 60_000;

/** What an import job whose server went away says (DescribeUserImportJob's CompletionMessage). */
export const ABANDONED_IMPORT_MESSAGE =
  'The server running the import stopped. Users already imported stay; import the rest again.';

/**
 * A device a sign-in issued and the client never confirmed is kept this long at least, and
 * while a refresh grant issued with it lives.
 */
export const UNCONFIRMED_DEVICE_MS = 60 * 60_000;

/** How long rows that only serve as history are kept, in days (config `retention`). */
export interface Retention {
  /** Dev-outbox messages. */
  outboxDays: number;
  /** Sign-in history (AdminListUserAuthEvents). */
  authEventsDays: number;
  /** Finished (or never started) user import jobs. */
  importJobsDays: number;
  /** The audit log of admin operations. */
  auditEventsDays: number;
}

/** The documented defaults (docs/security.md, "Retention"). */
export const DEFAULT_RETENTION: Retention = {
  outboxDays: 7,
  authEventsDays: 90,
  importJobsDays: 30,
  auditEventsDays: 90,
};

const DAY_MS = 24 * 60 * 60_000;

/**
 * Deletes sign-in sessions, codes and refresh tokens that have expired and the unconfirmed
 * devices nothing can use any more, ends the import jobs whose server went away, and deletes
 * history older than its retention (outbox messages, auth events, finished import jobs). Safe
 * to run on every instance at once: each statement only touches rows no request can use any
 * more, so tables stay bounded by traffic times retention.
 */
export async function sweepExpired(
  ctx: Pick<Context, 'db' | 'clock'>,
  retention: Retention = DEFAULT_RETENTION,
): Promise<void> {
  const now = ctx.clock.now();
  await deleteExpiredSessions(ctx.db, now);
  await deleteExpiredCodes(ctx.db, now);
  // A full bucket and a lockout run 15 minutes old count nothing any more (rate limits, lockout).
  await deleteFullBuckets(ctx.db, now * 1000);
  await deleteStaleFailures(ctx.db, now - 15 * 60_000, now);
  await deleteExpiredUpstreamFlows(ctx.db, now);
  await deleteExpiredOAuthCodes(ctx.db, now);
  await deleteExpiredHostedSessions(ctx.db, now);
  // An expired credential is refused by its token already; its record serves nothing more.
  await deleteExpiredIdentityCredentials(ctx.db, now);
  await deleteStaleUnconfirmedDevices(ctx.db, now - UNCONFIRMED_DEVICE_MS, now);
  await abandonStaleImportJobs(ctx.db, now - IMPORT_JOB_STALE_MS, now, ABANDONED_IMPORT_MESSAGE);
  await deleteExpiredGrants(ctx.db, now);
  await deleteMessagesBefore(ctx.db, now - retention.outboxDays * DAY_MS);
  await deleteAuthEventsBefore(ctx.db, now - retention.authEventsDays * DAY_MS);
  await deleteFinishedImportJobs(ctx.db, now - retention.importJobsDays * DAY_MS);
  await deleteAuditEventsBefore(ctx.db, now - retention.auditEventsDays * DAY_MS);
}
