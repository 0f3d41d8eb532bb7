import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { registerAuthorize } from './authorize.ts';
import { registerIdpResponse } from './idpresponse.ts';
import { registerLogout } from './logout.ts';
import { registerPages } from './pages.ts';
import { registerRevoke } from './revoke.ts';
import { registerSamlResponse } from './saml-response.ts';
import { registerToken } from './token.ts';
import { registerUserInfo } from './userinfo.ts';

/** Where a pool domain's endpoints and pages live on this server: `/domains/<domain>/…`. */
export const DOMAIN_PREFIX = '/domains/:domain';

/**
 * The OAuth 2.0 / OpenID Connect side: every route of a pool domain (the endpoints, the hosted
 * pages, the identity-provider responses), mounted under `/domains/<domain>`. A custom domain's
 * requests (by Host) are rewritten onto the same routes before routing.
 */
export function registerOAuth2(app: FastifyInstance, ctx: Context): void {
  app.register(
    async (domainApp) => {
      registerAuthorize(domainApp, ctx);
      registerToken(domainApp, ctx);
      registerUserInfo(domainApp, ctx);
      registerRevoke(domainApp, ctx);
      registerLogout(domainApp, ctx);
      registerPages(domainApp, ctx);
      registerIdpResponse(domainApp, ctx);
      registerSamlResponse(domainApp, ctx);
    },
    { prefix: DOMAIN_PREFIX },
  );
}
