import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../../services/context.ts';
import { openUpload, storeUpload, UploadRefusedError } from '../../services/import-export/index.ts';

const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An error in S3's XML shape, which curl and S3 clients print as they would S3's. */
function sendS3Error(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .status(status)
    .header('content-type', 'application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
    );
}

/**
 * `PUT /_import/<jobId>?token=…`: a user import job's PreSignedUrl. Takes the CSV as a client
 * would PUT it to S3 (`curl -T users.csv -H 'x-amz-server-side-encryption: aws:kms' URL`, or
 * fetch) and streams it into the database: the app's buffered, size-limited JSON body parser is
 * replaced here by one that hands over the raw stream.
 */
export function registerUserImportUpload(app: FastifyInstance, ctx: Context): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.put<{ Params: { jobId: string }; Querystring: { token?: string } }>(
      '/_import/:jobId',
      async (req, reply) => {
        try {
          const job = await openUpload(ctx, req.params.jobId, req.query.token);
          // No content-type and no length (an empty body) leaves no parser to run: nothing to read.
          const body = (req.body as Readable | undefined) ?? req.raw;
          const { md5 } = await storeUpload(ctx, job.id, body);
          return reply
            .status(200)
            .header('etag', `"${md5}"`)
            .header('x-amz-server-side-encryption', 'aws:kms')
            .send();
        } catch (err) {
          if (err instanceof UploadRefusedError) {
            // Stop reading a body nobody will store; the client sees the answer at once.
            reply.header('connection', 'close');
            return sendS3Error(reply, err.status, err.code, err.message);
          }
          req.log.error({ err }, 'user import upload failed');
          return sendS3Error(reply, 500, 'InternalError', 'We encountered an internal error.');
        }
      },
    );
  });
}
