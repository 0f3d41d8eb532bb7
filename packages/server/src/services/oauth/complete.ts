import { createHash } from 'node:crypto';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { insertOAuthCode } from '../../store/repositories/oauth-codes.ts';
import type { Context } from '../context.ts';
import { issueOAuthTokens } from '../tokens/oauth-tokens.ts';
import { type AuthorizeRequest, redirectWith } from './authorize-request.ts';

/** How long an authorization code may be redeemed (Cognito: 5 minutes). */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;

/** Authorization codes are stored as their SHA-256 only. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl' | 'region' | 'functions'>;

/**
 * Ends an authorization once the user is signed in (hosted pages, a hosted session, or a
 * federated provider): the code flow stores a single-use code bound to the client, redirect URI,
 * scopes, nonce, PKCE challenge, user and sign-in time, and answers the callback with it; the
 * implicit flow signs the tokens into the callback's fragment (no refresh token).
 */
export async function completeAuthorization(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    request: AuthorizeRequest;
    user: User;
    /** When the user signed in (epoch ms). */
    authTime: number;
    /** The provider the user signed in with (`COGNITO` when left out). */
    identityProvider?: string;
  },
): Promise<{ location: string }> {
  const { request } = input;
  const params = new URLSearchParams();
  if (request.responseType === 'code') {
    const code = ctx.random(32).toString('base64url');
    const now = ctx.clock.now();
    await insertOAuthCode(ctx.db, {
      id: hashCode(code),
      userPoolId: input.pool.id,
      clientId: input.client.id,
      userId: input.user.id,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallenge ? request.codeChallengeMethod : undefined,
      identityProvider: input.identityProvider,
      authTime: input.authTime,
      createdAt: now,
      expiresAt: now + CODE_LIFETIME_MS,
    });
    params.set('code', code);
  } else {
    const tokens = await issueOAuthTokens(ctx, {
      pool: input.pool,
      client: input.client,
      user: input.user,
      scopes: request.scopes,
      nonce: request.nonce,
      authTime: input.authTime,
      refresh: false,
    });
    if (tokens.id_token) params.set('id_token', tokens.id_token);
    params.set('access_token', tokens.access_token);
    params.set('expires_in', String(tokens.expires_in));
    params.set('token_type', tokens.token_type);
  }
  if (request.state !== undefined) params.set('state', request.state);
  return { location: redirectWith(request.redirectUri, request.responseType, params) };
}
