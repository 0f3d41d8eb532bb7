import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import {
  consumeOAuthCode,
  findOAuthCode,
  type OAuthCode,
  setOAuthCodeGrant,
} from '../../store/repositories/oauth-codes.ts';
import { revokeGrant } from '../../store/repositories/refresh-tokens.ts';
import { findUserById } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { CognateError } from '../errors.ts';
import { liveAllowedScopes } from '../resource-servers/scopes.ts';
import { refreshTokens } from '../tokens/grants.ts';
import {
  issueClientCredentialsToken,
  issueOAuthTokens,
  type OAuthTokenResponse,
} from '../tokens/oauth-tokens.ts';
import { hashCode } from './complete.ts';
import { OAuthError } from './errors.ts';
import { disallowedScope, isCustomScope, parseScopes } from './scopes.ts';

// The grants of /oauth2/token: authorization_code (with PKCE), refresh_token and
// client_credentials. https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl' | 'region' | 'functions'>;

function allowsFlow(client: UserPoolClient, flow: 'code' | 'client_credentials'): boolean {
  return Boolean(
    client.settings.AllowedOAuthFlowsUserPoolClient &&
      client.settings.AllowedOAuthFlows?.includes(flow),
  );
}

/** RFC 7636 §4.6: the verifier proves the challenge, compared in constant time. */
function verifierMatches(code: OAuthCode, verifier: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const expected =
    code.codeChallengeMethod === 'plain'
      ? verifier
      : createHash('sha256').update(verifier).digest('base64url');
  const a = Buffer.from(expected);
  const b = Buffer.from(code.codeChallenge ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * grant_type=authorization_code: checks the code against everything it was bound to, then
 * redeems it once (atomically, so parallel redemptions get one success). A code used again
 * revokes the tokens its first redemption issued (RFC 6749 §4.1.2).
 */
export async function redeemAuthorizationCode(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    code?: string;
    redirectUri?: string;
    codeVerifier?: string;
  },
): Promise<OAuthTokenResponse> {
  const { pool, client } = input;
  if (!input.code) throw new OAuthError('invalid_request', 'code is missing');
  if (!allowsFlow(client, 'code')) throw new OAuthError('unauthorized_client');
  const invalidGrant = () => new OAuthError('invalid_grant');
  const id = hashCode(input.code);
  const code = await findOAuthCode(ctx.db, id);
  if (!code || code.userPoolId !== pool.id || code.clientId !== client.id) throw invalidGrant();
  if (code.consumedAt !== undefined) {
    if (code.grantId) await revokeGrant(ctx.db, code.grantId, ctx.clock.now());
    throw invalidGrant();
  }
  if (code.expiresAt <= ctx.clock.now()) throw invalidGrant();
  if (input.redirectUri !== code.redirectUri) throw invalidGrant();
  if (code.codeChallenge !== undefined) {
    if (!input.codeVerifier || !verifierMatches(code, input.codeVerifier)) throw invalidGrant();
  } else if (input.codeVerifier !== undefined) {
    // A verifier for a code issued without a challenge: a downgrade, refused.
    throw invalidGrant();
  }
  const user = await findUserById(ctx.db, code.userId);
  if (!user?.enabled) throw invalidGrant();
  const consumed = await consumeOAuthCode(ctx.db, id, ctx.clock.now());
  if (!consumed) throw invalidGrant();
  try {
    return await issueOAuthTokens(ctx, {
      pool,
      client,
      user,
      scopes: code.scopes,
      nonce: code.nonce,
      authTime: code.authTime,
      refresh: true,
      withGrant: (db, grantId) => setOAuthCodeGrant(db, id, grantId),
    });
  } catch (err) {
    throw asOAuthError(err);
  }
}

/**
 * grant_type=refresh_token: new ID (with `openid`) and access tokens with the grant's scopes.
 * Cognito answers invalid_grant for a revoked, expired, unknown or foreign refresh token.
 */
export async function refreshWithToken(
  ctx: Deps,
  input: { pool: UserPool; client: UserPoolClient; refreshToken?: string },
): Promise<OAuthTokenResponse> {
  if (!input.refreshToken) throw new OAuthError('invalid_request', 'refresh_token is missing');
  try {
    const { result, scopes } = await refreshTokens(ctx, {
      pool: input.pool,
      client: input.client,
      refreshToken: input.refreshToken,
      rotate: true,
    });
    return {
      // Grants from the user-pool API have no OAuth scopes and always had an ID token.
      ...((!scopes || scopes.includes('openid')) && { id_token: result.IdToken }),
      access_token: result.AccessToken,
      // A client with refresh-token rotation gets the successor of the token it presented.
      ...(result.RefreshToken && { refresh_token: result.RefreshToken }),
      expires_in: result.ExpiresIn,
      token_type: 'Bearer',
    };
  } catch (err) {
    throw asOAuthError(err);
  }
}

/**
 * grant_type=client_credentials: confidential clients allowed the flow, resource-server scopes
 * only (all the client's custom scopes when none are asked for); an access token only.
 */
export async function clientCredentials(
  ctx: Pick<Context, 'db' | 'clock' | 'publicUrl'>,
  input: { pool: UserPool; client: UserPoolClient; scope?: string },
): Promise<OAuthTokenResponse> {
  const { client } = input;
  if (!client.secret || !allowsFlow(client, 'client_credentials')) {
    throw new OAuthError('unauthorized_client');
  }
  const allowed = await liveAllowedScopes(ctx, input.pool.id, client.settings.AllowedOAuthScopes);
  const requested = parseScopes(input.scope);
  const scopes = requested.length > 0 ? requested : allowed.filter(isCustomScope);
  if (
    scopes.length === 0 ||
    scopes.some((s) => !isCustomScope(s)) ||
    disallowedScope(scopes, allowed) !== undefined
  ) {
    throw new OAuthError('invalid_scope');
  }
  return issueClientCredentialsToken(ctx, { pool: input.pool, client, scopes });
}

/**
 * A refused grant as the token endpoint says it: the user-pool API's refusals (disabled user,
 * revoked or expired token, a function refusing the tokens) are invalid_grant.
 */
function asOAuthError(err: unknown): unknown {
  if (err instanceof OAuthError) return err;
  if (err instanceof CognateError && err.status < 500) {
    return new OAuthError('invalid_grant', err.message);
  }
  return err;
}
