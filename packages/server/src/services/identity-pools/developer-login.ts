import { findLogin } from '../../store/repositories/identity-pools.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import type { VerifiedLogin } from './logins.ts';
import { verifyOpenIdToken } from './openid-token.ts';
import type { IdentityPool } from './pools.ts';

/**
 * Verifies a developer identity's login: the token GetOpenIdTokenForDeveloperIdentity issued,
 * handed back under `cognito-identity.amazonaws.com` (or this server's identity-pool issuer
 * without the scheme), as AWS clients do for GetCredentialsForIdentity. It must be ours, for
 * this identity pool, unexpired, and name a user of the pool's developer provider in its `amr`
 * who is still linked to the token's identity.
 * The login is that developer user, so linking it finds the identity the token was issued for.
 * @throws NotAuthorizedException otherwise.
 */
export async function verifyDeveloperLogin(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  pool: IdentityPool,
  loginKey: string,
  token: string,
): Promise<VerifiedLogin> {
  const claims = await verifyOpenIdToken(ctx, token, pool.id);
  const provider = pool.settings.DeveloperProviderName;
  const prefix = `${provider}:${pool.id}:`;
  const entry = provider ? claims.amr.find((a) => a.startsWith(prefix)) : undefined;
  if (!provider || !entry) {
    throw new NotAuthorizedException('Invalid login token. Not a developer identity token.');
  }
  const subject = entry.slice(prefix.length);
  // Unlinked (UnlinkDeveloperIdentity) or moved (MergeDeveloperIdentities) since the token was
  // issued: the token must not link the user back.
  if ((await findLogin(ctx.db, pool.id, provider, subject)) !== claims.sub) {
    throw new NotAuthorizedException(
      'Invalid login token. The developer user is no longer linked to this identity.',
    );
  }
  return {
    provider,
    subject,
    claims: { ...claims },
    kind: 'developer',
    loginKey,
  };
}
