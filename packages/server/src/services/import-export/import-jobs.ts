// CSV user import jobs (CreateUserImportJob … StopUserImportJob), as Cognito runs them:
// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool.html
// The CSV goes to this server's own upload URL instead of S3 (see user-import-upload.ts), and the
// job runs in the background of the process that received StartUserImportJob
// (user-import-runner.ts).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { UserPool } from '../../model/user-pool.ts';
import {
  findImportJob,
  insertImportJob,
  listImportJobs,
  transitionImportJob,
  type UserImportJob,
  type UserImportJobStatus,
} from '../../store/repositories/user-import-jobs.ts';
import type { Context } from '../context.ts';
import { PreconditionNotMetException, ResourceNotFoundException } from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { loadPool } from '../user-pools/lookup.ts';

/** How long the PreSignedUrl accepts an upload, as Cognito documents (15 minutes). */
export const UPLOAD_URL_LIFETIME_MS = 15 * 60_000;
/** A job never started expires after this (Cognito: "within 24-48 hours"). */
export const JOB_EXPIRY_MS = 24 * 60 * 60_000;
/** Cognito's limit on the CSV file (100 MB). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** CompletionMessage of a job stopped by StopUserImportJob (Cognito's wording). */
export const STOPPED_MESSAGE = 'The Import Job was stopped by the developer.';

/** A job as the API shows it: with its upload URL and its status as of now. */
export interface UserImportJobView extends UserImportJob {
  preSignedUrl: string;
}

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl' | 'serverSecret'>;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `import-` and ten random letters and digits, like Cognito's `import-mAgUtd8PMm`. */
function newJobId(random: Context['random']): string {
  let suffix = '';
  while (suffix.length < 10) {
    for (const byte of random(16)) {
      // 248 = 4 × 62: bytes above it would make the first letters likelier.
      if (byte < 248 && suffix.length < 10) suffix += ID_ALPHABET[byte % 62];
    }
  }
  return `import-${suffix}`;
}

/**
 * The upload token of a job. Derived from the server secret rather than stored, so Describe and
 * List can show the same PreSignedUrl as Create; the table keeps only its hash, which is what an
 * upload is checked against.
 */
function uploadToken(ctx: Pick<Context, 'serverSecret'>, jobId: string): string {
  return createHmac('sha256', ctx.serverSecret).update(`user-import\0${jobId}`).digest('base64url');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when `token` is the job's upload token (constant-time). */
export function tokenMatches(job: UserImportJob, token: string): boolean {
  const given = Buffer.from(hashToken(token));
  const stored = Buffer.from(job.uploadTokenHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** A job never started within the expiry window reads as Expired (Cognito deletes its data). */
function statusNow(job: UserImportJob, now: number): UserImportJobStatus {
  return job.status === 'Created' && now - job.createdAt > JOB_EXPIRY_MS ? 'Expired' : job.status;
}

function view(ctx: Pick<Deps, 'clock' | 'publicUrl' | 'serverSecret'>, job: UserImportJob) {
  const token = uploadToken(ctx, job.id);
  return {
    ...job,
    status: statusNow(job, ctx.clock.now()),
    preSignedUrl: `${ctx.publicUrl}/_import/${job.id}?token=${token}`,
  } satisfies UserImportJobView;
}

/** The job `jobId` of `pool`, or ResourceNotFoundException. */
async function loadJob(ctx: Pick<Context, 'db'>, pool: UserPool, jobId: string) {
  const job = await findImportJob(ctx.db, jobId);
  if (!job || job.userPoolId !== pool.id) {
    throw new ResourceNotFoundException(`Import job ${jobId} does not exist.`);
  }
  return job;
}

/** CreateUserImportJob: a Created job and the URL to PUT its CSV to. */
export async function createImportJob(
  ctx: Deps,
  input: { userPoolId: string; jobName: string; roleArn: string },
): Promise<UserImportJobView> {
  const pool = await loadPool(ctx, input.userPoolId);
  const id = newJobId(ctx.random);
  const job: UserImportJob = {
    id,
    userPoolId: pool.id,
    name: input.jobName,
    status: 'Created',
    roleArn: input.roleArn,
    uploadTokenHash: hashToken(uploadToken(ctx, id)),
    uploadedBytes: 0,
    importedUsers: 0,
    skippedUsers: 0,
    failedUsers: 0,
    createdAt: ctx.clock.now(),
  };
  await insertImportJob(ctx.db, job);
  return view(ctx, job);
}

/** DescribeUserImportJob. */
export async function describeImportJob(
  ctx: Deps,
  userPoolId: string,
  jobId: string,
): Promise<UserImportJobView> {
  const pool = await loadPool(ctx, userPoolId);
  return view(ctx, await loadJob(ctx, pool, jobId));
}

interface JobPosition {
  createdAt: number;
  id: string;
}

function isJobPosition(v: unknown): v is JobPosition {
  const p = v as JobPosition;
  return (
    typeof p === 'object' &&
    p !== null &&
    Number.isSafeInteger(p.createdAt) &&
    typeof p.id === 'string'
  );
}

/** ListUserImportJobs: newest first, `maxResults` (1-60) a page. */
export async function listImportJobsPage(
  ctx: Deps,
  input: { userPoolId: string; maxResults: number; paginationToken?: string },
): Promise<{ jobs: UserImportJobView[]; paginationToken?: string }> {
  const pool = await loadPool(ctx, input.userPoolId);
  const scope = `ListUserImportJobs\0${pool.id}`;
  const after = input.paginationToken
    ? openPageToken(ctx, scope, input.paginationToken, isJobPosition)
    : undefined;
  const rows = await listImportJobs(ctx.db, pool.id, input.maxResults + 1, after);
  const page = rows.slice(0, input.maxResults);
  return {
    jobs: page.map((job) => view(ctx, job)),
    paginationToken:
      rows.length > input.maxResults
        ? sealPageToken(ctx, scope, {
            createdAt: page[page.length - 1].createdAt,
            id: page[page.length - 1].id,
          } satisfies JobPosition)
        : undefined,
  };
}

/**
 * StartUserImportJob: Created → Pending. The caller then runs the job in the background. Refused
 * with PreconditionNotMetException when the job is not Created (or has expired), when no file
 * was uploaded, or when the pool has no auto-verified attribute: imported users reset their
 * password through a verified email or phone, and Cognito does not start such a job.
 */
export async function startImportJob(
  ctx: Deps,
  userPoolId: string,
  jobId: string,
): Promise<UserImportJobView> {
  const pool = await loadPool(ctx, userPoolId);
  const job = await loadJob(ctx, pool, jobId);
  const now = ctx.clock.now();
  const status = statusNow(job, now);
  if (status !== 'Created') {
    throw new PreconditionNotMetException(
      `Import job ${jobId} cannot be started: its status is ${status}.`,
    );
  }
  if (job.uploadedBytes === 0) {
    throw new PreconditionNotMetException(
      `Import job ${jobId} cannot be started: no .csv file was uploaded to its PreSignedUrl.`,
    );
  }
  if ((pool.settings.AutoVerifiedAttributes ?? []).length === 0) {
    throw new PreconditionNotMetException(
      'The user pool has no auto-verified attributes (email or phone_number): imported users could not reset their passwords.',
    );
  }
  if (
    !(await transitionImportJob(ctx.db, job.id, ['Created'], { status: 'Pending', startedAt: now }))
  ) {
    throw new PreconditionNotMetException(`Import job ${jobId} has already been started.`);
  }
  return view(ctx, { ...job, status: 'Pending', startedAt: now });
}

const STOP_WAIT_MS = 3000;

/**
 * StopUserImportJob: a Pending job stops at once; an InProgress one goes to Stopping, and the
 * worker moves it to Stopped after the batch it is writing. Waits briefly for that, so the answer
 * usually shows Stopped as Cognito's does. Other statuses: PreconditionNotMetException.
 */
export async function stopImportJob(
  ctx: Deps,
  userPoolId: string,
  jobId: string,
): Promise<UserImportJobView> {
  const pool = await loadPool(ctx, userPoolId);
  const job = await loadJob(ctx, pool, jobId);
  const stopped = {
    status: 'Stopped' as const,
    completionMessage: STOPPED_MESSAGE,
    completedAt: ctx.clock.now(),
  };
  if (!(await transitionImportJob(ctx.db, job.id, ['Pending'], stopped))) {
    if (!(await transitionImportJob(ctx.db, job.id, ['InProgress'], { status: 'Stopping' }))) {
      const status = statusNow((await findImportJob(ctx.db, job.id)) ?? job, ctx.clock.now());
      throw new PreconditionNotMetException(
        `Import job ${jobId} cannot be stopped: its status is ${status}.`,
      );
    }
    const deadline = Date.now() + STOP_WAIT_MS;
    while (Date.now() < deadline) {
      const current = await findImportJob(ctx.db, job.id);
      if (current?.status !== 'Stopping') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return view(ctx, (await findImportJob(ctx.db, job.id)) ?? job);
}
