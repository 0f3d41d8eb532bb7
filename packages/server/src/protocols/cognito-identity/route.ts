import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { UnknownOperationException } from '../../services/errors.ts';
import { limitOperation } from '../../services/rate-limits/index.ts';
import { runAudited } from '../cognito-idp/audited-run.ts';
import type { Operation } from '../cognito-idp/operation.ts';
import { checkSignature, parseBody } from '../cognito-idp/pipeline.ts';
import { sendError, sendResult } from '../cognito-idp/render.ts';
import { identityOperations } from './operations/index.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const byName = new Map<string, Operation>(identityOperations.map((op) => [op.name, op]));

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityService.<Operation>` (JSON 1.1): the Cognito
 * Identity API (identity pools, identities, credentials). Management operations are signed with
 * the server's access keys (service `cognito-identity`); GetId, GetCredentialsForIdentity,
 * GetOpenIdToken and UnlinkIdentity are open, as on AWS.
 */
export async function handleCognitoIdentity(
  ctx: Context,
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { dev: boolean },
): Promise<unknown> {
  const target = String(req.headers['x-amz-target'] ?? '');
  try {
    const op = byName.get(target.slice(TARGET_PREFIX.length));
    if (!op) throw new UnknownOperationException(`Unknown operation ${target}`);
    const raw = req.body as Buffer | undefined;
    if (op.auth === 'sigv4') await checkSignature(ctx, req, raw ?? Buffer.alloc(0), opts.dev);
    const input = parseBody(raw);
    await limitOperation(ctx, op.name, req.ip, input);
    return sendResult(reply, await runAudited(ctx, req, op, input));
  } catch (err) {
    return sendError(reply, err, req.log as unknown as Context['log']);
  }
}
