import { hkdfSync } from 'node:crypto';
import type { SrpVerifier, User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { N, N_BYTES } from '../crypto/crypto-pool.ts';
import {
  type CognateError,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
} from '../errors.ts';
import { decoySeed, decoyUserId } from '../users/decoy-user.ts';
import { isEmail, isPhoneNumber } from '../validation/identifiers.ts';
import { passwordMatchesVerifier } from './srp.ts';

/** The answer to a wrong password or, when existence errors are hidden, an unknown user. */
export function wrongPassword(): CognateError {
  return new NotAuthorizedException('Incorrect username or password.');
}

/**
 * The USER_ID_FOR_SRP an unknown user gets: what a real user with that name would get. In a pool
 * whose users sign in with an email or phone (UsernameAttributes), and for an email or phone
 * typed in a pool with those as aliases, real users get their (UUID) username, so the decoy
 * gets a stable UUID; elsewhere the typed name.
 */
export function decoySrpUserId(ctx: Pick<Context, 'serverSecret'>, pool: UserPool, name: string) {
  const aliases = pool.settings.AliasAttributes ?? [];
  const alias =
    (aliases.includes('email') && isEmail(name)) ||
    (aliases.includes('phone_number') && isPhoneNumber(name));
  return pool.settings.UsernameAttributes?.length || alias ? decoyUserId(ctx, pool, name) : name;
}

/**
 * A stable fake verifier for a user that does not exist, so a decoy challenge looks like a real
 * one (same salt on every try, a verifier in the group like a real one). Derived with HKDF, not
 * with a modular exponentiation: a real challenge reads its verifier, it does not compute one.
 */
export async function decoyVerifier(
  ctx: Pick<Context, 'serverSecret'>,
  pool: string | Pick<UserPool, 'id' | 'settings'>,
  name: string,
): Promise<SrpVerifier> {
  // With the pool's settings, names that find the same user (case) get the same decoy.
  const seed = decoySeed(ctx, typeof pool === 'string' ? { id: pool } : pool, name, 'decoy');
  const wide = Buffer.from(
    hkdfSync('sha256', seed, Buffer.alloc(0), 'verifier', N_BYTES.length + 16),
  );
  const v = (BigInt(`0x${wide.toString('hex')}`) % (N - 3n)) + 2n;
  return {
    salt: seed.subarray(0, 16).toString('hex'),
    verifier: v.toString(16).padStart(N_BYTES.length * 2, '0'),
  } satisfies SrpVerifier;
}

/**
 * The cost of a password check for a user that does not exist: the same modular exponentiation
 * a real check runs, against the decoy verifier (it never matches).
 */
export async function decoyPasswordCheck(
  ctx: Pick<Context, 'serverSecret'>,
  pool: Pick<UserPool, 'id' | 'settings'>,
  name: string,
  password: string,
): Promise<void> {
  await passwordMatchesVerifier(pool.id, name, password, await decoyVerifier(ctx, pool, name));
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
