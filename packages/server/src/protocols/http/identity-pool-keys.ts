import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import {
  identityPoolsDiscovery,
  identityPoolsJwks,
} from '../../services/identity-pools/openid-token.ts';

/**
 * `/identity-pools/.well-known/jwks.json` and `openid-configuration`: the keys and discovery
 * document of the identity-pool token issuer `<publicUrl>/identity-pools` (GetOpenIdToken), as
 * AWS STS fetches them when Cognate is registered as an IAM OIDC identity provider.
 */
export function registerIdentityPoolKeys(app: FastifyInstance, ctx: Context): void {
  app.get('/identity-pools/.well-known/jwks.json', async (_req, reply) => {
    // Short, like the user pools' JWKS: a verifier should see a new key soon.
    reply.header('cache-control', 'public, max-age=300');
    return identityPoolsJwks(ctx);
  });
  app.get('/identity-pools/.well-known/openid-configuration', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return identityPoolsDiscovery(ctx);
  });
}
