import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException, NotAuthorizedException } from '../errors.ts';
import { LOGINS_DONT_MATCH, verifyAllLogins } from './all-logins.ts';
import { developerIdentity, developerProviderOf } from './developer.ts';
import { checkGuestAccess, linkLogins, loadIdentity } from './identities.ts';
import type { VerifiedLogin } from './logins.ts';
import {
  type AmrLogin,
  MAX_DEVELOPER_TOKEN_TTL_SECONDS,
  OPENID_TOKEN_TTL_SECONDS,
  signOpenIdToken,
} from './openid-token.ts';
import { loadIdentityPool } from './pools.ts';

// GetOpenIdToken and GetOpenIdTokenForDeveloperIdentity: an identity's OpenID token, after the
// logins given are verified and linked to it.

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'region' | 'publicUrl'>;

/** An OpenID token and the identity it is for (which may differ from the one asked about). */
export interface IssuedOpenIdToken {
  IdentityId: string;
  Token: string;
}

/** GetOpenIdTokenForDeveloperIdentity's default token lifetime, as AWS: 15 minutes. */
export const DEVELOPER_TOKEN_DEFAULT_TTL_SECONDS = 15 * 60;

function amrLogins(verified: VerifiedLogin[]): AmrLogin[] {
  return verified.map((v) => ({
    provider: v.provider,
    subject: v.subject,
    userPool: v.kind === 'userPool',
  }));
}

/**
 * GetOpenIdToken: a 10-minute token for an identity. With Logins, each token is verified and
 * linked to the identity (which may merge it into the identity a login already has: the
 * answer names the identity that results). Without, the identity must be a guest of a pool
 * that allows guests; an identity with logins must prove one of them.
 */
export async function getOpenIdToken(
  ctx: Deps,
  identityId: string,
  logins: Record<string, string>,
): Promise<IssuedOpenIdToken> {
  const identity = await loadIdentity(ctx, identityId);
  const pool = await loadIdentityPool(ctx, identity.identityPoolId);
  if (Object.keys(logins).length === 0) {
    if (identity.logins.length > 0) throw new NotAuthorizedException(LOGINS_DONT_MATCH);
    checkGuestAccess(pool, identity);
    const token = await signOpenIdToken(ctx, {
      identityId,
      identityPoolId: pool.id,
      logins: [],
      ttlSeconds: OPENID_TOKEN_TTL_SECONDS,
    });
    return { IdentityId: identityId, Token: token };
  }
  const verified = await verifyAllLogins(ctx, pool, logins);
  const resulting = await linkLogins(ctx, identityId, verified);
  const token = await signOpenIdToken(ctx, {
    identityId: resulting,
    identityPoolId: pool.id,
    logins: amrLogins(verified),
    ttlSeconds: OPENID_TOKEN_TTL_SECONDS,
  });
  return { IdentityId: resulting, Token: token };
}

/** GetOpenIdTokenForDeveloperIdentity's request, checked for shape by the adapter. */
export interface DeveloperTokenRequest {
  identityPoolId: string;
  identityId?: string;
  logins: Record<string, string>;
  principalTags?: Record<string, string>;
  /** Seconds, 1 to 86400; 15 minutes when absent. */
  tokenDuration?: number;
}

/**
 * GetOpenIdTokenForDeveloperIdentity: finds or creates the identity of the developer user named
 * under the pool's DeveloperProviderName in Logins (linking it to IdentityId when given), links
 * any other logins given (verified like GetId's), and returns a token for it.
 */
export async function getOpenIdTokenForDeveloperIdentity(
  ctx: Deps,
  req: DeveloperTokenRequest,
): Promise<IssuedOpenIdToken> {
  const ttl = req.tokenDuration ?? DEVELOPER_TOKEN_DEFAULT_TTL_SECONDS;
  if (ttl < 1 || ttl > MAX_DEVELOPER_TOKEN_TTL_SECONDS) {
    throw new InvalidParameterException(
      `TokenDuration must be between 1 and ${MAX_DEVELOPER_TOKEN_TTL_SECONDS} seconds.`,
    );
  }
  const pool = await loadIdentityPool(ctx, req.identityPoolId);
  const provider = developerProviderOf(pool);
  const userIdentifier = req.logins[provider];
  if (userIdentifier === undefined) {
    throw new NotAuthorizedException(
      `Logins must name a user of the identity pool's developer provider ${provider}.`,
    );
  }
  if (userIdentifier.length > 1024) {
    throw new InvalidParameterException(
      'The developer user identifier must be at most 1024 characters.',
    );
  }
  const others = { ...req.logins };
  delete others[provider];
  // Tokens are verified before any write (an OIDC provider's keys may be fetched).
  const verified = await verifyAllLogins(ctx, pool, others);
  // One transaction: a conflict linking the other logins leaves no new identity behind.
  const identityId = await inTransaction(ctx.db, async (db) => {
    const id = await developerIdentity({ ...ctx, db }, pool, userIdentifier, req.identityId);
    return verified.length > 0 ? linkLogins({ ...ctx, db }, id, verified) : id;
  });
  const token = await signOpenIdToken(ctx, {
    identityId,
    identityPoolId: pool.id,
    logins: [{ provider, subject: userIdentifier }, ...amrLogins(verified)],
    ttlSeconds: ttl,
    principalTags: req.principalTags,
  });
  return { IdentityId: identityId, Token: token };
}
