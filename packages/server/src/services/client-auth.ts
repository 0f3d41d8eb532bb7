import { createHmac, timingSafeEqual } from 'node:crypto';
import { findClient, findPool } from '../store/repositories/user-pools.ts';
import type { Context } from './context.ts';
import { NotAuthorizedException, ResourceNotFoundException } from './errors.ts';
import type { UserPool, UserPoolClient } from './model.ts';
import { preventUserExistenceErrors } from './user-pool-client-settings.ts';

/**
 * Loads an app client and its pool. An unknown client is ResourceNotFoundException, as
 * Cognito answers for user operations naming a bad ClientId.
 */
export async function loadClient(
  ctx: Pick<Context, 'db'>,
  clientId: string,
  userPoolId?: string,
): Promise<{ pool: UserPool; client: UserPoolClient }> {
  // Cognito names the client: "User pool client 1example23456789 does not exist."
  const notFound = () =>
    new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  const client = await findClient(ctx.db, clientId);
  if (!client || (userPoolId && client.userPoolId !== userPoolId)) throw notFound();
  const pool = await findPool(ctx.db, client.userPoolId);
  if (!pool) throw notFound();
  return { pool, client };
}

/** Loads a pool or throws ResourceNotFoundException. */
export async function loadPool(ctx: Pick<Context, 'db'>, userPoolId: string): Promise<UserPool> {
  const pool = await findPool(ctx.db, userPoolId);
  if (!pool) throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
  return pool;
}

/** SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username + clientId)). */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * Checks SECRET_HASH for clients that have a secret, against any of the names the caller may
 * have hashed (username, alias typed, or sub for refresh). Clients without a secret ignore it.
 */
export function checkSecretHash(
  client: UserPoolClient,
  names: string[],
  given: string | undefined,
): void {
  if (!client.secret) return;
  if (!given) {
    throw new NotAuthorizedException(
      `Client ${client.id} is configured with secret but SECRET_HASH was not received`,
    );
  }
  const givenBuf = Buffer.from(given);
  const ok = names.some((name) => {
    const expected = Buffer.from(secretHash(client.secret as string, name, client.id));
    return expected.length === givenBuf.length && timingSafeEqual(expected, givenBuf);
  });
  if (!ok) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
  }
}

/** Checks a ClientSecret sent in clear (RevokeToken, GetTokensFromRefreshToken). */
export function checkClientSecret(client: UserPoolClient, given: string | undefined): void {
  if (!client.secret) return;
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(client.secret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new NotAuthorizedException(
      `Client ${client.id} is configured with secret but the given secret does not match.`,
    );
  }
}

/** True when the client asks to hide whether a user exists (PreventUserExistenceErrors). */
export function hidesExistence(client: UserPoolClient): boolean {
  return preventUserExistenceErrors(client.settings) === 'ENABLED';
}
