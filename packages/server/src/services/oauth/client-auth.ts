import { timingSafeEqual } from 'node:crypto';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { OAuthError } from './errors.ts';

/** How a token-endpoint request names its client (RFC 6749 §2.3.1). */
export interface ClientCredentials {
  /** From `Authorization: Basic` (client_secret_basic). */
  basic?: { id: string; secret: string };
  /** `client_id` of the body. */
  clientId?: string;
  /** `client_secret` of the body (client_secret_post). */
  clientSecret?: string;
}

/** Reads `Authorization: Basic base64(urlencoded id ":" urlencoded secret)`; undefined if absent. */
export function parseBasic(header: string | undefined): ClientCredentials['basic'] | 'malformed' {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return 'malformed';
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return {
      id: decodeURIComponent(text.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(text.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return 'malformed';
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The app client a token-endpoint request authenticates as. A client with a secret must give it
 * (Basic or in the body, not both); a public client names itself with client_id and gives no
 * secret. Failures are invalid_client: 401 with `WWW-Authenticate` when Basic was used.
 */
export async function authenticateClient(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  creds: ClientCredentials,
): Promise<UserPoolClient> {
  const viaBasic = creds.basic !== undefined;
  const invalid = (description?: string) =>
    new OAuthError('invalid_client', description, viaBasic ? 401 : 400);
  if (viaBasic && creds.clientSecret !== undefined) {
    throw new OAuthError('invalid_request', 'more than one client authentication method');
  }
  if (viaBasic && creds.clientId !== undefined && creds.clientId !== creds.basic?.id) {
    throw new OAuthError('invalid_request', 'client_id does not match the authorization header');
  }
  const id = creds.basic?.id ?? creds.clientId;
  if (!id) throw new OAuthError('invalid_request', 'client_id is missing');
  const client = id.length <= 128 ? await findClient(ctx.db, id) : undefined;
  if (!client || client.userPoolId !== pool.id) throw invalid();
  const given = creds.basic?.secret ?? creds.clientSecret;
  if (client.secret) {
    if (given === undefined || !sameSecret(given, client.secret)) throw invalid();
  } else if (given) {
    throw invalid('the client has no secret');
  }
  return client;
}
