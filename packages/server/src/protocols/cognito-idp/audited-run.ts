// Runs an operation as the endpoint does, recording admin (SigV4) operations in the audit log.
// The SigV4 router and the admin console's API both call it, so every admin call is recorded
// in one place, whichever way it came in.
import type { FastifyRequest } from 'fastify';
import { type AuditActor, withAudit } from '../../services/audit/index.ts';
import type { Context } from '../../services/context.ts';
import type { Operation } from './operation.ts';
import { run } from './pipeline.ts';

/** The access key id of a SigV4 Authorization header (`Credential=<id>/<scope>`). */
export function signingKeyId(req: FastifyRequest): string | undefined {
  return /Credential=([^/,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
}

/** Who sent `req` and from where; `extra` adds what the caller knows (the console's session). */
export function auditActor(req: FastifyRequest, extra: AuditActor = {}): AuditActor {
  const agent = req.headers['user-agent'];
  return {
    accessKeyId: signingKeyId(req),
    sourceIp: req.ip,
    ...(typeof agent === 'string' && { userAgent: agent }),
    ...extra,
  };
}

/**
 * `run()` for a request: a SigV4 operation (or any operation when `actor` is given, as the
 * console does for the calls it makes with a signed-in key) is recorded after it ends, outside
 * its transaction, with its outcome; other operations just run.
 */
export function runAudited(
  base: Context,
  req: FastifyRequest,
  op: Operation,
  input: Record<string, unknown>,
  actor?: AuditActor,
): Promise<unknown> {
  if (op.auth !== 'sigv4' && !actor) return run(base, op, input);
  return withAudit(base, { operation: op.name, input, actor: actor ?? auditActor(req) }, () =>
    run(base, op, input),
  );
}
