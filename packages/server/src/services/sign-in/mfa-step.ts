import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { MfaFactor } from '../../store/repositories/user-mfa.ts';
import { chooseMfaStep } from '../mfa/choice.ts';
import { sendMfaCode } from '../mfa/codes.ts';
import { loadUserMfa } from '../mfa/user-settings.ts';
import { startFlow } from './session-store.ts';
import type { FlowCarry } from './states.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

type ChallengeOutcome = Extract<AuthOutcome, { kind: 'challenge' }>;

/**
 * The second factor after the password: the MFA challenge this user and pool call for
 * (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP), or undefined when none
 * is due (MFA off, optional and not set up, or a remembered device proven in this flow).
 */
export async function mfaChallenge(
  ctx: SignInDeps,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
  carry: FlowCarry,
): Promise<AuthOutcome | undefined> {
  // A remembered device proven in this flow stands in for the second factor, as on Cognito.
  if (carry.deviceRemembered) return undefined;
  // MFA off: no read at all, so pools without MFA sign in as fast as before.
  if (pool.settings.MfaConfiguration === 'OFF') return undefined;
  const step = chooseMfaStep(pool.settings, user, await loadUserMfa(ctx, user));
  switch (step.kind) {
    case 'none':
      return undefined;
    case 'factor':
      return factorChallenge(ctx, { pool, client, user, carry, factor: step.factor });
    case 'select': {
      const session = await startFlow(ctx, {
        userPoolId: pool.id,
        client,
        userId: user.id,
        carry,
        challenge: 'SELECT_MFA_TYPE',
        state: { options: step.options },
      });
      return challenge('SELECT_MFA_TYPE', session, user, {
        MFAS_CAN_CHOOSE: JSON.stringify(step.options),
      });
    }
    case 'setup': {
      const session = await startFlow(ctx, {
        userPoolId: pool.id,
        client,
        userId: user.id,
        carry,
        challenge: 'MFA_SETUP',
        state: { options: step.options },
      });
      return challenge('MFA_SETUP', session, user, {
        MFAS_CAN_SETUP: JSON.stringify(step.options),
      });
    }
  }
}

function challenge(
  name: ChallengeOutcome['name'],
  session: string,
  user: User,
  params: Record<string, string>,
): ChallengeOutcome {
  return {
    kind: 'challenge',
    name,
    session,
    params: { ...params, USER_ID_FOR_SRP: user.username },
  };
}

/**
 * Asks for one factor: sends the SMS or email code (to `emailTo` when MFA_SETUP is setting up
 * that address) and stores the flow waiting on it, or waits on the authenticator's code.
 */
export async function factorChallenge(
  ctx: SignInDeps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    carry: FlowCarry;
    factor: MfaFactor;
    emailTo?: string;
  },
): Promise<ChallengeOutcome> {
  const { pool, client, user, carry, factor } = input;
  const base = { userPoolId: pool.id, client, userId: user.id, carry };
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    const session = await startFlow(ctx, { ...base, challenge: 'SOFTWARE_TOKEN_MFA', state: {} });
    return challenge('SOFTWARE_TOKEN_MFA', session, user, {});
  }
  // CustomMessage_Authentication gets the answering request's ClientMetadata (none of
  // InitiateAuth's, as on Cognito).
  const sent = await sendMfaCode(ctx, pool, user, factor, {
    clientId: client.id,
    clientMetadata: carry.answerMetadata,
    emailTo: input.emailTo,
  });
  const session =
    factor === 'SMS_MFA'
      ? await startFlow(ctx, { ...base, challenge: 'SMS_MFA', state: { codeHash: sent.codeHash } })
      : await startFlow(ctx, {
          ...base,
          challenge: 'EMAIL_OTP',
          state: { codeHash: sent.codeHash, ...(input.emailTo && { setupEmail: input.emailTo }) },
        });
  return challenge(factor, session, user, sent.params);
}
