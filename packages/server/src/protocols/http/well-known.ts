import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { jwksOf } from '../../services/signing-keys.ts';
import { issuerOf } from '../../services/tokens.ts';
import { findPool } from '../../store/repositories/user-pools.ts';

/** `/<userPoolId>/.well-known/jwks.json` and `openid-configuration`, as Cognito serves them. */
export function registerWellKnown(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { pool: string } }>('/:pool/.well-known/jwks.json', async (req, reply) => {
    if (!(await findPool(ctx.db, req.params.pool))) {
      return reply.status(404).send({ message: 'User pool not found' });
    }
    reply.header('cache-control', 'public, max-age=300');
    return jwksOf(ctx, req.params.pool);
  });
  app.get<{ Params: { pool: string } }>(
    '/:pool/.well-known/openid-configuration',
    async (req, reply) => {
      if (!(await findPool(ctx.db, req.params.pool))) {
        return reply.status(404).send({ message: 'User pool not found' });
      }
      const issuer = issuerOf(ctx.publicUrl, req.params.pool);
      return {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        authorization_endpoint: `${ctx.publicUrl}/oauth2/authorize`,
        token_endpoint: `${ctx.publicUrl}/oauth2/token`,
        userinfo_endpoint: `${ctx.publicUrl}/oauth2/userInfo`,
        revocation_endpoint: `${ctx.publicUrl}/oauth2/revoke`,
        response_types_supported: ['code', 'token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'phone', 'profile'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      };
    },
  );
}
