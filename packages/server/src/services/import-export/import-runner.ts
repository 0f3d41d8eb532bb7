// Runs a started CSV import job in the background of this process: reads the stored file line
// by line (csv-lines.ts), imports users in batches (one transaction each, counters included, so
// DescribeUserImportJob shows progress), and ends Succeeded, Failed or Stopped.
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import {
  addImportCounts,
  findImportJob,
  transitionImportJob,
  type UserImportJob,
} from '../../store/repositories/user-import-jobs.ts';
import { findPool } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { csvLines } from './csv-lines.ts';
import { headerProblem, RowError, userFromRow } from './import-csv.ts';
import { discardUpload, readUpload } from './import-file.ts';
import { STOPPED_MESSAGE } from './import-jobs.ts';
import { type BatchOutcome, insertNewUsers } from './user-batches.ts';

/** Rows written per transaction: short enough not to hold SQLite's write lock for long. */
const BATCH_ROWS = 200;
/** Cognito's longest row (characters). */
const MAX_ROW_CHARS = 16_000;

// Cognito's CompletionMessage wordings.
const SUCCEEDED_MESSAGE = 'Import Job Completed Successfully.';
const TOO_MANY_FAILED = 'Too many users have failed or been skipped during the import.';

type Deps = Pick<Context, 'db' | 'clock' | 'log'>;

/** One data row: its line in the file and the user it makes, or why it cannot. */
interface Row {
  line: number;
  user?: User;
  failure?: string;
}

/** Why a job ends early. */
class JobEnd extends Error {
  constructor(
    readonly status: 'Failed' | 'Stopped' | 'Gone',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs job `jobId` (which StartUserImportJob left Pending) without blocking the caller. `ctx.db`
 * must be the database, not a transaction that ends with the request.
 */
export function runImportJobInBackground(ctx: Deps, jobId: string): void {
  setImmediate(() => {
    runImportJob(ctx, jobId).catch((err) => {
      ctx.log.error({ err, jobId }, 'user import job crashed');
    });
  });
}

/** Runs a Pending job to its end. Exported for tests and for a future job queue. */
export async function runImportJob(ctx: Deps, jobId: string): Promise<void> {
  // Claiming Pending → InProgress in one statement: a job runs once, wherever it was started.
  const claimed = { status: 'InProgress', heartbeatAt: ctx.clock.now() } as const;
  if (!(await transitionImportJob(ctx.db, jobId, ['Pending'], claimed))) return;
  const job = await findImportJob(ctx.db, jobId);
  const pool = job && (await findPool(ctx.db, job.userPoolId));
  try {
    if (!job || !pool) throw new JobEnd('Gone', 'The user pool was deleted.');
    await importFile(ctx, job, pool);
    await finish(ctx, jobId);
  } catch (err) {
    if (err instanceof JobEnd) {
      if (err.status !== 'Gone') await end(ctx, jobId, err.status, err.message);
    } else {
      ctx.log.error({ err, jobId }, 'user import job failed');
      await end(ctx, jobId, 'Failed', 'The import job failed because of an internal error.');
    }
  } finally {
    await discardUpload(ctx, jobId).catch(() => {});
  }
}

async function end(ctx: Deps, jobId: string, status: 'Failed' | 'Stopped', message: string) {
  await transitionImportJob(ctx.db, jobId, ['InProgress', 'Stopping'], {
    status,
    completionMessage: message.slice(0, 128),
    completedAt: ctx.clock.now(),
  });
}

/**
 * Succeeded unless nothing was imported and some rows failed or were skipped (Cognito's one
 * documented Failed example has ImportedUsers 0; it publishes no threshold).
 */
async function finish(ctx: Deps, jobId: string) {
  const job = await findImportJob(ctx.db, jobId);
  if (!job) return;
  if (job.status === 'Stopping') return end(ctx, jobId, 'Stopped', STOPPED_MESSAGE);
  const failed = job.importedUsers === 0 && job.failedUsers + job.skippedUsers > 0;
  await transitionImportJob(ctx.db, jobId, ['InProgress'], {
    status: failed ? 'Failed' : 'Succeeded',
    completionMessage: failed ? TOO_MANY_FAILED : SUCCEEDED_MESSAGE,
    completedAt: ctx.clock.now(),
  });
}

async function importFile(ctx: Deps, job: UserImportJob, pool: UserPool): Promise<void> {
  let header: string[] | undefined;
  let batch: Row[] = [];
  const flush = async () => {
    await writeBatch(ctx, job, pool, batch);
    batch = [];
    // better-sqlite3 answers synchronously, so without this the whole import would run as one
    // chain of microtasks and no request (StopUserImportJob included) would be served meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  };
  // Every non-blank line after the header is a row, and every row ends imported, skipped or
  // failed and counted: a malformed or overlong line fails alone.
  for await (const { line, fields } of csvLines(readUpload(ctx, job.id), MAX_ROW_CHARS)) {
    if (!header) {
      if (!fields)
        throw new JobEnd('Failed', 'Unable to parse the .csv file: the header row is too long.');
      header = fields;
      const problem = headerProblem(pool, header);
      if (problem) throw new JobEnd('Failed', problem);
      continue;
    }
    batch.push(
      fields
        ? await toRow(ctx, pool, header, fields, line)
        : { line, failure: `The record is longer than ${MAX_ROW_CHARS} characters.` },
    );
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (!header) throw new JobEnd('Failed', 'Unable to parse the .csv file: it has no header row.');
  if (batch.length > 0) await flush();
}

async function toRow(
  ctx: Deps,
  pool: UserPool,
  header: string[],
  fields: string[],
  line: number,
): Promise<Row> {
  try {
    return { line, user: await userFromRow(ctx, pool, header, fields) };
  } catch (err) {
    if (err instanceof RowError) return { line, failure: err.message };
    throw err;
  }
}

/**
 * Writes one batch and its counts in one transaction, after checking that the job still runs
 * (StopUserImportJob, or its pool deleted). If another request took a name meanwhile (a
 * uniqueness violation, which on PostgreSQL aborts the transaction), the batch is redone one row
 * per transaction.
 */
async function writeBatch(
  ctx: Deps,
  job: UserImportJob,
  pool: UserPool,
  rows: Row[],
): Promise<void> {
  const current = await findImportJob(ctx.db, job.id);
  if (!current || !(await findPool(ctx.db, pool.id))) throw new JobEnd('Gone', 'deleted');
  if (current.status === 'Stopping') throw new JobEnd('Stopped', STOPPED_MESSAGE);
  // Ended elsewhere (housekeeping took this process for dead): stop writing.
  if (current.status !== 'InProgress') throw new JobEnd('Gone', 'ended');
  try {
    await ctx.db.transaction().execute((trx) => writeRows({ ...ctx, db: trx }, job, pool, rows));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    for (const row of rows) {
      await ctx.db.transaction().execute((trx) => writeRows({ ...ctx, db: trx }, job, pool, [row]));
    }
  }
}

async function writeRows(
  ctx: Deps,
  job: UserImportJob,
  pool: UserPool,
  rows: Row[],
): Promise<void> {
  const valid = rows.filter((r) => r.user);
  const outcomes = await insertNewUsers(
    ctx,
    pool,
    valid.map((r) => r.user as User),
  );
  const counts = { imported: 0, skipped: 0, failed: 0 };
  const results = new Map<Row, BatchOutcome>(valid.map((r, i) => [r, outcomes[i]]));
  for (const row of rows) {
    const outcome: BatchOutcome = results.get(row) ?? { kind: 'failed', reason: row.failure ?? '' };
    counts[outcome.kind] += 1;
    // The job log Cognito writes to CloudWatch, line by line, here in the server log.
    if (outcome.kind === 'imported') {
      ctx.log.debug(
        { jobId: job.id },
        `[SUCCEEDED] Line Number ${row.line} - The import succeeded.`,
      );
    } else {
      const tag = outcome.kind === 'skipped' ? 'SKIPPED' : 'FAILED';
      ctx.log.info({ jobId: job.id }, `[${tag}] Line Number ${row.line} - ${outcome.reason}`);
    }
  }
  await addImportCounts(ctx.db, job.id, counts, ctx.clock.now());
}
