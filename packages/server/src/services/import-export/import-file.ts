// The CSV of an import job: received as a stream and kept in the database in pieces, so no
// process ever holds the whole file and any instance can run the job.
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import {
  deleteImportChunks,
  findImportJob,
  insertImportChunk,
  readImportChunk,
  setUploadedBytes,
  type UserImportJob,
} from '../../store/repositories/user-import-jobs.ts';
import type { Context } from '../context.ts';
import { MAX_UPLOAD_BYTES, tokenMatches, UPLOAD_URL_LIFETIME_MS } from './import-jobs.ts';

/** Size of the stored pieces. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * An upload refused the way S3 refuses a PUT to a presigned URL: `code` is S3's error code
 * (`AccessDenied`, `EntityTooLarge`), `status` its HTTP status.
 */
export class UploadRefusedError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a PUT to a job's PreSignedUrl: the token must be the job's, the URL not older than
 * 15 minutes and the job not yet started. An unknown job and a wrong token answer alike.
 */
export async function openUpload(
  ctx: Pick<Context, 'db' | 'clock'>,
  jobId: string,
  token: string | undefined,
): Promise<UserImportJob> {
  const job = await findImportJob(ctx.db, jobId);
  if (!job || !token || !tokenMatches(job, token)) {
    throw new UploadRefusedError('AccessDenied', 403, 'Access Denied');
  }
  if (ctx.clock.now() > job.createdAt + UPLOAD_URL_LIFETIME_MS) {
    throw new UploadRefusedError('AccessDenied', 403, 'Request has expired');
  }
  if (job.status !== 'Created') {
    throw new UploadRefusedError(
      'AccessDenied',
      403,
      `The import job is ${job.status}; a file can only be uploaded before it starts.`,
    );
  }
  return job;
}

/**
 * Stores the request body as the job's CSV, replacing an earlier upload, in pieces of about
 * 256 KiB written as they arrive. The byte count is recorded only once the whole body is in, so
 * StartUserImportJob cannot start on half a file. Returns the size and the MD5 (S3's ETag).
 */
export async function storeUpload(
  ctx: Pick<Context, 'db'>,
  jobId: string,
  body: AsyncIterable<Buffer>,
): Promise<{ bytes: number; md5: string }> {
  await setUploadedBytes(ctx.db, jobId, 0);
  await deleteImportChunks(ctx.db, jobId);
  // The decoder keeps a character split across two pieces whole.
  const decoder = new StringDecoder('utf8');
  const md5 = createHash('md5');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  const flush = async (text: string) => {
    pending = [];
    pendingBytes = 0;
    // PostgreSQL text cannot hold NUL; a CSV has no business containing one.
    const clean = text.replaceAll('\u0000', '\uFFFD');
    if (clean) await insertImportChunk(ctx.db, jobId, seq++, clean);
  };
  try {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES) {
        throw new UploadRefusedError(
          'EntityTooLarge',
          400,
          'Your proposed upload exceeds the maximum allowed size',
        );
      }
      md5.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await flush(decoder.write(Buffer.concat(pending)));
    }
    await flush(decoder.write(Buffer.concat(pending)) + decoder.end());
    await setUploadedBytes(ctx.db, jobId, total);
  } catch (err) {
    await deleteImportChunks(ctx.db, jobId).catch(() => {});
    throw err;
  }
  return { bytes: total, md5: md5.digest('hex') };
}

/** The job's CSV text, piece by piece, in order. */
export async function* readUpload(ctx: Pick<Context, 'db'>, jobId: string) {
  for (let seq = 0; ; seq++) {
    const data = await readImportChunk(ctx.db, jobId, seq);
    if (data === undefined) return;
    yield data;
  }
}

/** Frees the stored file once a job has ended (Cognito deletes it too). */
export async function discardUpload(ctx: Pick<Context, 'db'>, jobId: string): Promise<void> {
  await deleteImportChunks(ctx.db, jobId);
}
