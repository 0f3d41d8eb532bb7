import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserPoolClient } from '../../model/user-pool.ts';
import { NotAuthorizedException } from '../errors.ts';
import { preventUserExistenceErrors } from './client-settings.ts';

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
