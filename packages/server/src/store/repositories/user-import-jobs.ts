import { sql } from 'kysely';
import type { Db } from '../open.ts';
import type { Database } from '../tables.ts';

/** Cognito's UserImportJobStatusType values (wire names). */
export type UserImportJobStatus =
  | 'Created'
  | 'Pending'
  | 'InProgress'
  | 'Stopping'
  | 'Expired'
  | 'Stopped'
  | 'Failed'
  | 'Succeeded';

/** A CSV user import job. Times are epoch milliseconds. */
export interface UserImportJob {
  /** `import-…`, Cognito's JobId form. */
  id: string;
  userPoolId: string;
  name: string;
  status: UserImportJobStatus;
  roleArn: string;
  /** SHA-256 (hex) of the upload URL's token; the token itself is never stored. */
  uploadTokenHash: string;
  uploadedBytes: number;
  importedUsers: number;
  skippedUsers: number;
  failedUsers: number;
  completionMessage?: string;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
}

type JobRow = Database['user_import_jobs'];

function toJob(row: JobRow): UserImportJob {
  return {
    id: row.id,
    userPoolId: row.user_pool_id,
    name: row.job_name,
    status: row.status as UserImportJobStatus,
    roleArn: row.role_arn,
    uploadTokenHash: row.upload_token_hash,
    uploadedBytes: Number(row.uploaded_bytes),
    importedUsers: Number(row.imported_users),
    skippedUsers: Number(row.skipped_users),
    failedUsers: Number(row.failed_users),
    completionMessage: row.completion_message ?? undefined,
    createdAt: Number(row.created_at),
    startedAt: row.started_at == null ? undefined : Number(row.started_at),
    completedAt: row.completed_at == null ? undefined : Number(row.completed_at),
  };
}

export async function insertImportJob(db: Db, job: UserImportJob): Promise<void> {
  await db
    .insertInto('user_import_jobs')
    .values({
      id: job.id,
      user_pool_id: job.userPoolId,
      job_name: job.name,
      status: job.status,
      role_arn: job.roleArn,
      upload_token_hash: job.uploadTokenHash,
      uploaded_bytes: job.uploadedBytes,
      imported_users: job.importedUsers,
      skipped_users: job.skippedUsers,
      failed_users: job.failedUsers,
      completion_message: job.completionMessage ?? null,
      created_at: job.createdAt,
      started_at: job.startedAt ?? null,
      completed_at: job.completedAt ?? null,
      heartbeat_at: null,
    })
    .execute();
}

export async function findImportJob(db: Db, id: string): Promise<UserImportJob | undefined> {
  const row = await db
    .selectFrom('user_import_jobs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toJob(row);
}

/** A pool's jobs, newest first, after the (createdAt, id) cursor of the previous page. */
export async function listImportJobs(
  db: Db,
  poolId: string,
  limit: number,
  after?: { createdAt: number; id: string },
): Promise<UserImportJob[]> {
  let q = db
    .selectFrom('user_import_jobs')
    .selectAll()
    .where('user_pool_id', '=', poolId)
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
  return (await q.execute()).map(toJob);
}

/** What a status change may set besides the status. */
export interface JobTransition {
  status: UserImportJobStatus;
  completionMessage?: string;
  startedAt?: number;
  completedAt?: number;
  /** The running process's sign of life (see abandonStaleImportJobs). */
  heartbeatAt?: number;
}

/**
 * Moves a job to `to.status` only if it is in one of `from` now; a single statement, so two
 * instances (or the worker and StopUserImportJob) cannot both win. True when it moved.
 */
export async function transitionImportJob(
  db: Db,
  id: string,
  from: UserImportJobStatus[],
  to: JobTransition,
): Promise<boolean> {
  const result = await db
    .updateTable('user_import_jobs')
    .set({
      status: to.status,
      ...(to.completionMessage !== undefined ? { completion_message: to.completionMessage } : {}),
      ...(to.startedAt !== undefined ? { started_at: to.startedAt } : {}),
      ...(to.completedAt !== undefined ? { completed_at: to.completedAt } : {}),
      ...(to.heartbeatAt !== undefined ? { heartbeat_at: to.heartbeatAt } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Adds to the job's counters (in the transaction that imported those users). */
export async function addImportCounts(
  db: Db,
  id: string,
  counts: { imported: number; skipped: number; failed: number },
  now: number,
): Promise<void> {
  await db
    .updateTable('user_import_jobs')
    .set({
      heartbeat_at: now,
      imported_users: sql`imported_users + ${counts.imported}`,
      skipped_users: sql`skipped_users + ${counts.skipped}`,
      failed_users: sql`failed_users + ${counts.failed}`,
    })
    .where('id', '=', id)
    .execute();
}

export async function setUploadedBytes(db: Db, id: string, bytes: number): Promise<void> {
  await db
    .updateTable('user_import_jobs')
    .set({ uploaded_bytes: bytes })
    .where('id', '=', id)
    .execute();
}

/** Appends one piece of the uploaded file. */
export async function insertImportChunk(
  db: Db,
  jobId: string,
  seq: number,
  data: string,
): Promise<void> {
  await db.insertInto('user_import_chunks').values({ job_id: jobId, seq, data }).execute();
}

/** Piece `seq` of the uploaded file, or undefined past its end. */
export async function readImportChunk(
  db: Db,
  jobId: string,
  seq: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_import_chunks')
    .select('data')
    .where('job_id', '=', jobId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data;
}

export async function deleteImportChunks(db: Db, jobId: string): Promise<void> {
  await db.deleteFrom('user_import_chunks').where('job_id', '=', jobId).execute();
}

/**
 * Ends the jobs whose running process went away (no heartbeat since `staleBefore`): InProgress
 * and Pending ones Failed, Stopping ones Stopped. One statement, safe on every instance at once.
 * Returns how many ended.
 */
export async function abandonStaleImportJobs(
  db: Db,
  staleBefore: number,
  now: number,
  message: string,
): Promise<number> {
  const result = await db
    .updateTable('user_import_jobs')
    .set({
      status: sql<string>`case when status = 'Stopping' then 'Stopped' else 'Failed' end`,
      completion_message: message,
      completed_at: now,
    })
    .where('status', 'in', ['Pending', 'InProgress', 'Stopping'])
    .where(sql<boolean>`coalesce(heartbeat_at, started_at, created_at) < ${staleBefore}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Deletes the import jobs that ended (Succeeded, Failed, Stopped, Expired) before `before`, and
 * the ones created then and never started, with any upload they still hold. Returns how many.
 */
export async function deleteFinishedImportJobs(db: Db, before: number): Promise<number> {
  const old = db
    .selectFrom('user_import_jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', 'in', ['Succeeded', 'Failed', 'Stopped', 'Expired']),
          eb(sql<number>`coalesce(completed_at, created_at)`, '<', before),
        ]),
        eb.and([eb('status', '=', 'Created'), eb('created_at', '<', before)]),
      ]),
    );
  await db.deleteFrom('user_import_chunks').where('job_id', 'in', old).execute();
  const result = await db.deleteFrom('user_import_jobs').where('id', 'in', old).executeTakeFirst();
  return Number(result.numDeletedRows);
}
