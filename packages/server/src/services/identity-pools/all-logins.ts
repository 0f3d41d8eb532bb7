import type { Context } from '../context.ts';
import { verifyDeveloperLogin } from './developer-login.ts';
import { type VerifiedLogin, verifyLogins } from './logins.ts';
import { isIdentityPoolTokenProvider } from './openid-token.ts';
import type { IdentityPool } from './pools.ts';

/** AWS's refusal of an identity with logins asked for without any of them. */
export const LOGINS_DONT_MATCH =
  "Logins don't match. Please include at least one valid login for this identity or identity pool.";

/**
 * Verifies a whole Logins map for a pool: user-pool and OIDC tokens through verifyLogins, a
 * developer identity's own token (`cognito-identity.amazonaws.com`, or this server's issuer) by
 * the developer module. What GetOpenIdToken and GetCredentialsForIdentity both accept.
 */
export async function verifyAllLogins(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl' | 'region'>,
  pool: IdentityPool,
  logins: Record<string, string>,
): Promise<VerifiedLogin[]> {
  const others: Record<string, string> = {};
  const developer: VerifiedLogin[] = [];
  for (const [key, token] of Object.entries(logins)) {
    if (isIdentityPoolTokenProvider(ctx.publicUrl, key)) {
      developer.push(await verifyDeveloperLogin(ctx, pool, key, token));
    } else {
      others[key] = token;
    }
  }
  return [...developer, ...(await verifyLogins(ctx, pool, others))];
}
