import type { Context } from '../context.ts';
import { poolDomain } from '../domains/resolve.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { jwksOf } from './signing-keys.ts';
import { issuerOf } from './tokens.ts';

/** The pool's JWKS; ResourceNotFoundException for an unknown pool. */
export async function poolJwks(ctx: Pick<Context, 'db' | 'clock'>, userPoolId: string) {
  await loadPool(ctx, userPoolId);
  return jwksOf(ctx, userPoolId);
}

/**
 * The pool's OpenID Connect discovery document, as Cognito publishes it. The OAuth endpoints are
 * those of the pool's domain (`<base>/oauth2/…`). A pool without a domain has no such endpoints
 * (they only exist once CreateUserPoolDomain made one), so, like Cognito's document for such a
 * pool, it lists the issuer, the keys and the supported values only: a relying party then fails
 * at discovery with a clear "no authorization_endpoint" rather than being sent to a URL that
 * answers 404. Cognito lists no `end_session_endpoint`; `/logout` lives at `<base>/logout`.
 */
export async function openIdConfiguration(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  userPoolId: string,
) {
  await loadPool(ctx, userPoolId);
  const issuer = issuerOf(ctx.publicUrl, userPoolId);
  const domain = await poolDomain(ctx, userPoolId);
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    ...(domain && {
      authorization_endpoint: `${domain.base}/oauth2/authorize`,
      token_endpoint: `${domain.base}/oauth2/token`,
      userinfo_endpoint: `${domain.base}/oauth2/userInfo`,
      revocation_endpoint: `${domain.base}/oauth2/revoke`,
    }),
    response_types_supported: ['code', 'token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  };
}
