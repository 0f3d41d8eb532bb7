import { findGrant } from '../../store/repositories/refresh-tokens.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import { findUserById } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { verifyAccessToken } from '../tokens/tokens.ts';
import { filterReadable } from '../users/attributes.ts';
import { OAuthError } from './errors.ts';

// /oauth2/userInfo: the user's attributes within the access token's scopes.
// https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html

/** Attributes each OIDC scope opens (OpenID Connect Core §5.4, as Cognito applies them). */
const SCOPE_ATTRIBUTES: Record<string, string[]> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'address',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

/**
 * The attributes a token's scopes open: `openid` alone gives every attribute the client may
 * read; with `profile`, `email` or `phone` only their attributes (and `sub`).
 */
export function scopedAttributes(
  readable: Record<string, string>,
  scopes: string[],
): Record<string, string> {
  const narrowing = scopes.filter((s) => s in SCOPE_ATTRIBUTES);
  if (narrowing.length === 0) return readable;
  const open = new Set(['sub', ...narrowing.flatMap((s) => SCOPE_ATTRIBUTES[s])]);
  return Object.fromEntries(Object.entries(readable).filter(([name]) => open.has(name)));
}

/**
 * The userInfo response for a Bearer access token from the token endpoint: attribute values as
 * strings (Cognito's shape), `sub` first and `username` last. Anything wrong with the token
 * (expired, revoked, no `openid`, user gone or disabled) is 401 invalid_token.
 */
export async function userInfo(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  userPoolId: string,
  accessToken: string | undefined,
): Promise<Record<string, string>> {
  const invalid = () =>
    new OAuthError(
      'invalid_token',
      'Access token is expired, disabled, or deleted, or the user has globally signed out.',
      401,
    );
  if (!accessToken) throw new OAuthError('invalid_request', 'no access token', 401);
  const verified = await verifyAccessToken(ctx, accessToken).catch(() => {
    throw invalid();
  });
  const { claims } = verified;
  const scopes = (claims.scope ?? '').split(' ');
  if (verified.userPoolId !== userPoolId || !scopes.includes('openid')) throw invalid();
  const [user, client, grant] = await Promise.all([
    findUserById(ctx.db, claims.sub),
    findClient(ctx.db, claims.client_id),
    claims.origin_jti ? findGrant(ctx.db, claims.origin_jti) : undefined,
  ]);
  if (!user?.enabled || !client) throw invalid();
  if (!grant || grant.revokedAt !== undefined) throw invalid();
  const readable = filterReadable(user.attributes, client.settings.ReadAttributes);
  const { sub: _sub, ...rest } = scopedAttributes(readable, scopes);
  return { sub: user.id, ...rest, username: user.username };
}
