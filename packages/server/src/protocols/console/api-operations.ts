import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { UnknownOperationException } from '../../services/errors.ts';
import { identityOperations } from '../cognito-identity/operations/index.ts';
import { auditActor, runAudited } from '../cognito-idp/audited-run.ts';
import type { Operation } from '../cognito-idp/operation.ts';
import { operations } from '../cognito-idp/operations/index.ts';
import { parseBody } from '../cognito-idp/pipeline.ts';
import { sendResult } from '../cognito-idp/render.ts';
import { consoleCaller, refuse } from './guard.ts';
import type { ConsoleOptions } from './options.ts';

const APIS: Record<string, Map<string, Operation>> = {
  'cognito-idp': new Map(operations.map((op) => [op.name, op as Operation])),
  'cognito-identity': new Map(identityOperations.map((op) => [op.name, op as Operation])),
};

/**
 * `POST /console/api/cognito-idp/<Operation>` and `…/cognito-identity/<Operation>`: the body is
 * the operation's JSON input, the answer its JSON output or Cognito error. The operation runs
 * through the very table and `run()` pipeline the SigV4 endpoint uses, so every rule is the
 * same; the console session (with its CSRF token) stands in for the signature.
 */
export function registerOperationsApi(app: FastifyInstance, ctx: Context, opts: ConsoleOptions) {
  app.post<{ Params: { api: string; operation: string } }>(
    '/api/:api/:operation',
    async (req, reply) => {
      try {
        const table = APIS[req.params.api];
        if (!table) return reply.callNotFound();
        const { session } = await consoleCaller(ctx, req, opts, false);
        const op = table.get(req.params.operation);
        if (!op) throw new UnknownOperationException(`Unknown operation ${req.params.operation}`);
        const input = parseBody(req.body as Buffer | undefined);
        req.log.info(
          { accessKeyId: session.accessKeyId, operation: `${req.params.api}:${op.name}` },
          'console operation',
        );
        // Recorded in the audit log as the session's key, with the session named.
        const actor = auditActor(req, {
          accessKeyId: session.accessKeyId,
          consoleSessionId: session.id,
        });
        return sendResult(reply, await runAudited(ctx, req, op, input, actor));
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );
}
