/**
 * Pieces several trigger events share, built the way Cognito builds them.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
 */
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';

/** `callerContext.clientId` of an event raised by an administrator's call, which has no client. */
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

/**
 * `request.userAttributes` of an existing user: every attribute, plus what Cognito adds to its
 * events: `cognito:user_status`, and `cognito:email_alias` / `cognito:phone_number_alias` for an
 * alias the user holds (a verified email or phone number in a pool with those aliases).
 */
export function eventAttributes(pool: UserPool, user: User): Record<string, string> {
  const out: Record<string, string> = { ...user.attributes, 'cognito:user_status': user.status };
  const aliases: string[] = pool.settings.AliasAttributes ?? [];
  for (const kind of ['email', 'phone_number'] as const) {
    const value = user.attributes[kind];
    if (value && aliases.includes(kind) && user.attributes[`${kind}_verified`] === 'true') {
      out[`cognito:${kind}_alias`] = value;
    }
  }
  return out;
}

/**
 * A request's ClientMetadata (or ValidationData) for an event: left out when the caller sent
 * none, as Cognito leaves it out.
 */
export function metadataOf(
  map: Record<string, string> | undefined,
): Record<string, string> | undefined {
  return map && Object.keys(map).length > 0 ? { ...map } : undefined;
}
