import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { saveUserMfa } from '../../store/repositories/user-mfa.ts';
import type { Context } from '../context.ts';
import type { DeliveryDeps } from '../delivery/code-delivery.ts';
import { changeAttributes } from '../users/user-attributes.ts';
import { loadUserMfa } from './user-settings.ts';

/**
 * Ends an email MFA setup (MFA_SETUP answered with EMAIL, then the EMAIL_OTP code proven): the
 * address becomes the user's verified email and email MFA is on (and preferred when nothing
 * else is), as on Cognito.
 */
export async function completeEmailSetup(
  ctx: DeliveryDeps & Pick<Context, 'serverSecret'>,
  pool: UserPool,
  user: User,
  email: string,
): Promise<void> {
  await changeAttributes(ctx, pool, user, { email, email_verified: 'true' }, { sendCodes: false });
  const mfa = await loadUserMfa(ctx, user);
  mfa.email = true;
  mfa.preferred ??= 'EMAIL_OTP';
  mfa.preferencesSet = true;
  mfa.updatedAt = ctx.clock.now();
  await saveUserMfa(ctx.db, mfa);
}
