import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { findGrant } from '../../store/repositories/refresh-tokens.ts';
import { findUserById } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException, UserNotFoundException } from '../errors.ts';
import { loadClient } from '../user-pools/lookup.ts';
import { SIGN_IN_SCOPE, verifyAccessToken } from './tokens.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl'>;

/** The signed-in caller of a user operation. */
export interface Caller {
  pool: UserPool;
  client: UserPoolClient;
  user: User;
  grantId?: string;
}

/**
 * Authenticates a user operation by its access token: signature, expiry, the grant not revoked
 * (GlobalSignOut, RevokeToken), the user still present and enabled.
 */
export async function authenticate(ctx: Deps, accessToken: string): Promise<Caller> {
  const { claims } = await verifyAccessToken(ctx, accessToken);
  // Tokens of the OAuth endpoints reach the user-pool API only with Cognito's own scope.
  if (!(claims.scope ?? '').split(' ').includes(SIGN_IN_SCOPE)) {
    throw new NotAuthorizedException('Access Token does not have required scopes');
  }
  const { pool, client } = await loadClient(ctx, claims.client_id).catch(() => {
    throw new NotAuthorizedException('Invalid Access Token');
  });
  // A deleted user's grants are gone with it; Cognito answers "User does not exist." then.
  const user = await findUserById(ctx.db, claims.sub);
  if (!user) throw new UserNotFoundException('User does not exist.');
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (claims.origin_jti) {
    const grant = await findGrant(ctx.db, claims.origin_jti);
    if (!grant || grant.revokedAt !== undefined) {
      throw new NotAuthorizedException('Access Token has been revoked');
    }
  }
  return { pool, client, user, grantId: claims.origin_jti };
}
