/**
 * Pagination tokens (NextToken, PaginationToken): a position in a keyset walk, sealed with the
 * server secret and bound to the listing it came from, so a client can neither forge a position
 * nor replay a token against another pool, filter or operation. Any instance of a cluster reads
 * any other's tokens (the secret is shared through the database).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from './context.ts';
import { InvalidParameterException } from './errors.ts';

// Not Cognito-verified: Cognito answers a token from another request "Paging marker … is invalid
// for request …"; this says the same without echoing the token.
const BAD_TOKEN = 'Invalid pagination token.';

type Secret = Pick<Context, 'serverSecret'>;

function tag(ctx: Secret, scope: string, payload: string): Buffer {
  return createHmac('sha256', ctx.serverSecret)
    .update(`page-token\0${scope}\0${payload}`)
    .digest()
    .subarray(0, 16);
}

/**
 * Seals `position` (any JSON value) for the listing named by `scope`, e.g.
 * `ListUsers\0<poolId>\0<filter>`.
 */
export function sealPageToken(ctx: Secret, scope: string, position: unknown): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${tag(ctx, scope, payload).toString('base64url')}`;
}

/**
 * Opens a token sealed for the same `scope` and returns its position, checked by `isPosition`.
 * @throws InvalidParameterException for a forged, altered or foreign token.
 */
export function openPageToken<T>(
  ctx: Secret,
  scope: string,
  token: string,
  isPosition: (value: unknown) => value is T,
): T {
  const [payload = '', mac = '', extra] = token.split('.');
  const given = Buffer.from(mac, 'base64url');
  const expected = tag(ctx, scope, payload);
  if (
    extra !== undefined ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  ) {
    throw new InvalidParameterException(BAD_TOKEN);
  }
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidParameterException(BAD_TOKEN);
  }
  if (!isPosition(position)) throw new InvalidParameterException(BAD_TOKEN);
  return position;
}
