import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../../services/context.ts';
import { ResourceNotFoundException } from '../../services/errors.ts';
import { openIdConfiguration, poolJwks } from '../../services/tokens/index.ts';

function notFound(reply: FastifyReply, err: unknown) {
  if (err instanceof ResourceNotFoundException) {
    return reply.status(404).send({ message: 'User pool not found' });
  }
  throw err;
}

/** `/<userPoolId>/.well-known/jwks.json` and `openid-configuration`, as Cognito serves them. */
export function registerWellKnown(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { pool: string } }>('/:pool/.well-known/jwks.json', async (req, reply) => {
    try {
      const jwks = await poolJwks(ctx, req.params.pool);
      // Short: after a key rotation verifiers should see the new key soon.
      reply.header('cache-control', 'public, max-age=300');
      return jwks;
    } catch (err) {
      return notFound(reply, err);
    }
  });
  app.get<{ Params: { pool: string } }>(
    '/:pool/.well-known/openid-configuration',
    async (req, reply) => {
      try {
        return await openIdConfiguration(ctx, req.params.pool);
      } catch (err) {
        return notFound(reply, err);
      }
    },
  );
}
