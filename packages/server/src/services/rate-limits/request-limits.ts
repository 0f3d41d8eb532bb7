import type { Context } from '../context.ts';
import { limitCodeRequestsFrom, limitRequest } from './rate-limits.ts';

/**
 * The operations anyone may call without a token or signature, limited per IP, client and pool
 * (Cognito Identity Provider and Cognito Identity).
 */
export const LIMITED_OPERATIONS: ReadonlySet<string> = new Set([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'SignUp',
  'ConfirmSignUp',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'ResendConfirmationCode',
  'GetId',
  'GetCredentialsForIdentity',
  'GetOpenIdToken',
]);

/** The operations that send a code, also limited per IP on their own budget. */
export const CODE_OPERATIONS: ReadonlySet<string> = new Set([
  'ForgotPassword',
  'ResendConfirmationCode',
  'GetUserAttributeVerificationCode',
]);

// Cognito's patterns for ClientIdType and IdentityPoolId.
const CLIENT_ID_PATTERN = /^[\w+]+$/;
const IDENTITY_POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;

/** `value` when it is a string of at most `max` characters matching `pattern`. */
function wellFormed(value: unknown, pattern: RegExp, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max && pattern.test(value)
    ? value
    : undefined;
}

/**
 * Applies the rate limits of an AWS JSON operation before it runs: TooManyRequestsException
 * when the request's IP, client or pool is over its rate; LimitExceededException when its IP
 * asked for too many codes. Other operations pass untouched.
 */
export async function limitOperation(
  ctx: Pick<Context, 'db' | 'clock' | 'rateLimits'>,
  operation: string,
  ip: string,
  input: Record<string, unknown>,
): Promise<void> {
  if (!ctx.rateLimits?.settings.enabled) return;
  if (LIMITED_OPERATIONS.has(operation)) {
    // Only well-formed ids get a bucket (and a lookup): anything else is refused by the
    // operation's own validation, and a NUL byte would fail PostgreSQL's text columns (a 500).
    const clientId = wellFormed(input.ClientId, CLIENT_ID_PATTERN, 128);
    const identityPool = wellFormed(input.IdentityPoolId, IDENTITY_POOL_ID_PATTERN, 55);
    await limitRequest(
      ctx,
      identityPool ? { ip, clientId: identityPool, poolId: identityPool } : { ip, clientId },
    );
  }
  if (CODE_OPERATIONS.has(operation)) await limitCodeRequestsFrom(ctx, ip);
}
