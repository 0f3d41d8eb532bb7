import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { UnknownOperationException } from '../../services/errors.ts';
import { limitOperation } from '../../services/rate-limits/index.ts';
import { handleAwsQuery } from '../aws-query/route.ts';
import { handleCognitoIdentity } from '../cognito-identity/route.ts';
import { runAudited } from './audited-run.ts';
import { operations } from './operations/index.ts';
import { checkSignature, parseBody } from './pipeline.ts';
import { sendError, sendResult } from './render.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const IDENTITY_TARGET_PREFIX = 'AWSCognitoIdentityService.';
const byName = new Map(operations.map((op) => [op.name, op]));

/** Options for the Cognito Identity Provider endpoint. */
export interface CognitoIdpOptions {
  /** Accept management calls signed with any key (development only). */
  dev: boolean;
}

export { checkSignature, parseBody, run } from './pipeline.ts';

/** The AWS Query protocol (STS, IAM): a form body naming its `Action`, no X-Amz-Target. */
function isQueryRequest(req: FastifyRequest, target: string): boolean {
  return (
    !target &&
    String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  );
}

/**
 * Mounts `POST /`, the one endpoint of every AWS-protocol API: `X-Amz-Target:
 * AWSCognitoIdentityProviderService.*` here, `AWSCognitoIdentityService.*` in
 * cognito-identity/, Query-protocol requests (STS, IAM) in aws-query/.
 */
export function registerCognitoIdp(app: FastifyInstance, base: Context, opts: CognitoIdpOptions) {
  app.post('/', async (req, reply) => {
    reply.header('x-amzn-requestid', randomUUID());
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.startsWith(IDENTITY_TARGET_PREFIX)) {
      return handleCognitoIdentity(base, req, reply, opts);
    }
    if (isQueryRequest(req, target)) return handleAwsQuery(base, req, reply, opts);
    try {
      const op = target.startsWith(TARGET_PREFIX)
        ? byName.get(target.slice(TARGET_PREFIX.length))
        : undefined;
      if (!op)
        throw new UnknownOperationException(target ? `Unknown operation ${target}` : undefined);
      const raw = req.body as Buffer | undefined;
      if (op.auth === 'sigv4') await checkSignature(base, req, raw ?? Buffer.alloc(0), opts.dev);
      const input = parseBody(raw);
      await limitOperation(base, op.name, req.ip, input);
      return sendResult(reply, await runAudited(base, req, op, input));
    } catch (err) {
      return sendError(reply, err, req.log as unknown as Context['log']);
    }
  });
}
