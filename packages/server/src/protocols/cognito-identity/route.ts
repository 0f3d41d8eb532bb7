import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';
import { UnknownOperationException } from '../../services/errors.ts';
import { sendError } from '../cognito-idp/render.ts';

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityService.<Operation>` (JSON 1.1): the Cognito
 * Identity API (identity pools, identities, credentials).
 */
export async function handleCognitoIdentity(
  _ctx: Context,
  req: FastifyRequest,
  reply: FastifyReply,
  _opts: { dev: boolean },
): Promise<unknown> {
  const target = String(req.headers['x-amz-target'] ?? '');
  return sendError(
    reply,
    new UnknownOperationException(`Unknown operation ${target}`),
    req.log as unknown as Context['log'],
  );
}
