import { createHmac } from 'node:crypto';
import type { SrpVerifier, User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import {
  type CognateError,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
} from '../errors.ts';
import { createVerifier, passwordMatchesVerifier } from './srp.ts';

/** The answer to a wrong password or, when existence errors are hidden, an unknown user. */
export function wrongPassword(): CognateError {
  return new NotAuthorizedException('Incorrect username or password.');
}

/**
 * A stable fake verifier for a user that does not exist, so a decoy challenge looks like a real
 * one (same salt on every try) and costs the same work.
 */
export async function decoyVerifier(
  ctx: Pick<Context, 'serverSecret'>,
  poolId: string,
  name: string,
): Promise<SrpVerifier> {
  const seed = createHmac('sha256', ctx.serverSecret).update(`decoy\0${poolId}\0${name}`).digest();
  const v = await createVerifier(poolId, name, seed.toString('hex'));
  return { salt: seed.subarray(0, 16).toString('hex'), verifier: v.verifier } satisfies SrpVerifier;
}

/** Checks a plain password (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH) against the verifier. */
export async function passwordMatches(
  pool: UserPool,
  user: User,
  password: string,
): Promise<boolean> {
  return (
    user.srp !== undefined &&
    (await passwordMatchesVerifier(pool.id, user.username, password, user.srp))
  );
}

/**
 * What Cognito checks once the password is known to be right: the account is enabled,
 * confirmed and not waiting on a reset.
 */
export function assertMaySignIn(user: User): void {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException();
}

/** True when an admin-set temporary password is older than the pool allows. */
export function temporaryPasswordExpired(pool: UserPool, user: User, now: number): boolean {
  const days = pool.settings.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7;
  return user.passwordChangedAt !== undefined && now - user.passwordChangedAt > days * 86_400_000;
}
