import type { Context } from '../context.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { jwksOf } from './signing-keys.ts';
import { issuerOf } from './tokens.ts';

/** The pool's JWKS; ResourceNotFoundException for an unknown pool. */
export async function poolJwks(ctx: Pick<Context, 'db' | 'clock'>, userPoolId: string) {
  await loadPool(ctx, userPoolId);
  return jwksOf(ctx, userPoolId);
}

/** The pool's OpenID Connect discovery document, as Cognito publishes it. */
export async function openIdConfiguration(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  userPoolId: string,
) {
  await loadPool(ctx, userPoolId);
  const issuer = issuerOf(ctx.publicUrl, userPoolId);
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
}
