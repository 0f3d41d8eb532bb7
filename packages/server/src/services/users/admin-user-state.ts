import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { saveUser } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { type DeliveryDeps, sendCode } from '../delivery/code-delivery.ts';
import { resetCodeAttribute } from '../passwords/forgot-password.ts';
import { signOutEverywhere } from '../tokens/grants.ts';

/**
 * AdminDisableUser / AdminEnableUser. Disabling also revokes every refresh token and the access
 * tokens they produced, as Cognito's reference says ("revokes all access tokens"); enabling
 * brings none of them back, so the user signs in again.
 */
export async function setUserEnabled(
  ctx: Pick<Context, 'db' | 'clock'>,
  user: User,
  enabled: boolean,
): Promise<void> {
  user.enabled = enabled;
  user.updatedAt = new Date(ctx.clock.now());
  await saveUser(ctx.db, user);
  if (!enabled) await signOutEverywhere(ctx, user);
}

/**
 * AdminResetUserPassword: the user goes to RESET_REQUIRED and gets a reset code at their
 * verified email (else phone). Signing in with the old password then answers
 * PasswordResetRequiredException; ConfirmForgotPassword with the code sets a new one. A user who
 * never set a password of their own (FORCE_CHANGE_PASSWORD) cannot be reset, and one without a
 * verified address has nowhere to get the code: both are refused with Cognito's messages.
 */
export async function adminResetUserPassword(
  ctx: DeliveryDeps & Pick<Context, 'serverSecret'>,
  pool: UserPool,
  user: User,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  const attribute = resetCodeAttribute(pool, user);
  user.status = 'RESET_REQUIRED';
  user.updatedAt = new Date(ctx.clock.now());
  await saveUser(ctx.db, user);
  await sendCode(ctx, pool, user, 'forgot', attribute, {
    source: 'ForgotPassword',
    clientMetadata,
  });
}
