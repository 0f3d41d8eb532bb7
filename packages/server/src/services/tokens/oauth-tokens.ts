import { randomUUID } from 'node:crypto';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Db } from '../../store/open.ts';
import { insertGrant } from '../../store/repositories/refresh-tokens.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import { tokenCustomization } from '../triggers/pre-token-generation.ts';
import { tokenValiditySeconds } from '../user-pools/client-settings.ts';
import { filterReadable } from '../users/attributes.ts';
import { hashRefreshToken } from './grants.ts';
import { signRs256 } from './jws.ts';
import { currentSigningKey } from './signing-keys.ts';
import { issuerOf, signTokens } from './tokens.ts';

// Tokens of the OAuth 2.0 endpoints: a user's tokens for an authorization code or the implicit
// flow (scopes in the access token, an ID token only with `openid`), and a client's access token
// for the client_credentials grant.
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl' | 'region' | 'functions'>;

/** The token endpoint's success body (RFC 6749 §5.1), Cognito's member names. */
export interface OAuthTokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * Issues a user's tokens at the end of an OAuth authorization (code redeemed, or the implicit
 * flow): PreTokenGeneration with `TokenGeneration_HostedAuth` and the granted scopes, then a
 * refresh grant that remembers the scopes (its refresh token returned only when `refresh`), then
 * the tokens. The grant exists in the implicit flow too, so GlobalSignOut and revocation reach
 * its access token.
 */
export async function issueOAuthTokens(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    scopes: string[];
    nonce?: string;
    /** When the user signed in (epoch ms): the tokens' auth_time. */
    authTime: number;
    /** Return a refresh token (code flow) or not (implicit flow). */
    refresh: boolean;
    /** More writes committed with the grant (the code's grant id). */
    withGrant?: (db: Db, grantId: string) => Promise<void>;
  },
): Promise<OAuthTokenResponse> {
  const { pool, client, user, scopes } = input;
  const custom = await tokenCustomization(ctx, {
    pool,
    client,
    user,
    trigger: { source: 'HostedAuth' },
    scopes,
  });
  const now = ctx.clock.now();
  const refreshToken = ctx.random(96).toString('base64url');
  const grantId = randomUUID();
  await inTransaction(ctx.db, async (db) => {
    await insertGrant(db, {
      id: grantId,
      userPoolId: pool.id,
      clientId: client.id,
      userId: user.id,
      tokenHash: hashRefreshToken(refreshToken),
      authTime: input.authTime,
      createdAt: now,
      expiresAt: now + tokenValiditySeconds(client.settings).refresh * 1000,
      scopes,
    });
    await input.withGrant?.(db, grantId);
  });
  const tokens = await signTokens(ctx, {
    pool,
    client,
    user,
    authTime: input.authTime,
    originJti: grantId,
    idAttributes: filterReadable(user.attributes, client.settings.ReadAttributes),
    ...custom,
    oauth: { scopes, nonce: input.nonce },
  });
  return {
    ...(scopes.includes('openid') && { id_token: tokens.IdToken }),
    access_token: tokens.AccessToken,
    ...(input.refresh && { refresh_token: refreshToken }),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  };
}

/**
 * The client_credentials grant: an access token for the client itself (machine to machine),
 * with the resource-server scopes granted. No ID token, no refresh token, no user: `sub` is the
 * client id, as on Cognito.
 */
export async function issueClientCredentialsToken(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  input: { pool: UserPool; client: UserPoolClient; scopes: string[] },
): Promise<OAuthTokenResponse> {
  const { kid, key } = await currentSigningKey(ctx, input.pool);
  const validity = tokenValiditySeconds(input.client.settings).access;
  const now = Math.floor(ctx.clock.now() / 1000);
  const claims = {
    sub: input.client.id,
    token_use: 'access',
    scope: input.scopes.join(' '),
    auth_time: now,
    iss: issuerOf(ctx.publicUrl, input.pool.id),
    exp: now + validity,
    iat: now,
    version: 2,
    jti: randomUUID(),
    client_id: input.client.id,
  };
  return {
    access_token: await signRs256(claims, kid, key),
    expires_in: validity,
    token_type: 'Bearer',
  };
}
