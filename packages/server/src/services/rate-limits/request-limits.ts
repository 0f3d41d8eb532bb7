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
    const clientId = typeof input.ClientId === 'string' ? input.ClientId : undefined;
    const identityPool =
      typeof input.IdentityPoolId === 'string' ? input.IdentityPoolId.slice(0, 64) : undefined;
    await limitRequest(
      ctx,
      identityPool
        ? { ip, clientId: identityPool, poolId: identityPool }
        : { ip, clientId: clientId?.slice(0, 128) },
    );
  }
  if (CODE_OPERATIONS.has(operation)) await limitCodeRequestsFrom(ctx, ip);
}
