import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { saveUser } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { UserNotFoundException } from '../errors.ts';
import { passwordMatches, wrongPassword } from '../sign-in/password-checks.ts';
import { createVerifier } from '../sign-in/srp.ts';
import { recordAuthEvent } from '../users/auth-events.ts';
import { resolveUser } from '../users/lookup.ts';
import { checkPassword } from './password-policy.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret' | 'delivery'>;

/** Replaces the user's password verifier and saves the user. */
export async function setPassword(
  ctx: Pick<Context, 'db' | 'clock'>,
  pool: UserPool,
  user: User,
  password: string,
  status: User['status'],
): Promise<void> {
  checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, password);
  const now = ctx.clock.now();
  user.srp = await createVerifier(pool.id, user.username, password);
  user.passwordChangedAt = now;
  user.status = status;
  user.updatedAt = new Date(now);
  await saveUser(ctx.db, user);
}

/** ChangePassword: the signed-in user proves the old password and sets a new one. */
export async function changePassword(
  ctx: Deps,
  caller: { pool: UserPool; user: User },
  previous: string,
  proposed: string,
): Promise<void> {
  if (!(await passwordMatches(caller.pool, caller.user, previous))) {
    await recordAuthEvent(ctx, caller.user, 'PasswordChange', 'Fail');
    // Kept: the failed attempt stays in the history although the operation fails.
    throw wrongPassword().keep();
  }
  await setPassword(ctx, caller.pool, caller.user, proposed, caller.user.status);
  await recordAuthEvent(ctx, caller.user, 'PasswordChange', 'Pass');
}

/** AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD). */
export async function adminSetUserPassword(
  ctx: Deps,
  pool: UserPool,
  username: string,
  password: string,
  permanent: boolean,
): Promise<void> {
  const user = await resolveUser(ctx, pool, username);
  if (!user) throw new UserNotFoundException('User does not exist.');
  await setPassword(ctx, pool, user, password, permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD');
}
