import { recordSignIn } from '../../users/auth-events.ts';
import { continueAfterPassword } from '../custom-auth.ts';
import { checkSucceeded, reserveCheck, withPendingRelease } from '../lockout.ts';
import { finishPasswordStep } from '../outcome.ts';
import { wrongPassword } from '../password-checks.ts';
import { consumeFlow } from '../session-store.ts';
import { verifyPasswordClaim } from '../srp.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * SRP round two (USER_SRP_AUTH): the client proves the password with a signature over the
 * secret block and TIMESTAMP, using the `A`, `b` and `B` of round one kept in the flow.
 * The secret block is the Session string, so it names the flow when Session is left out.
 */
const PASSWORD_VERIFIER: Challenge<'PASSWORD_VERIFIER'> = {
  name: 'PASSWORD_VERIFIER',
  answers: ['PASSWORD_VERIFIER'],
  requires: ['PASSWORD_CLAIM_SIGNATURE', 'PASSWORD_CLAIM_SECRET_BLOCK', 'TIMESTAMP'],
  sessionIn: 'PASSWORD_CLAIM_SECRET_BLOCK',
  async respond(ctx, flow, { pool, client, responses, clientMetadata }) {
    const { A, b, B, decoy, decoyUserId } = flow.state;
    // One answer per challenge: the session is used up before the claim is checked.
    await consumeFlow(ctx, flow);
    if (decoy) {
      // An unknown user's decoy is locked out like a real user (lockout.ts).
      if (decoyUserId) await reserveCheck(ctx, { id: decoyUserId, userPoolId: pool.id });
      throw wrongPassword();
    }
    const user = await flowUser(ctx, flow);
    // The lock check and the count are one step, before the claim is checked (lockout.ts).
    const check = await reserveCheck(ctx, user);
    const ok =
      user.srp !== undefined &&
      (await verifyPasswordClaim({
        userPoolId: pool.id,
        userId: user.username,
        A,
        challenge: { b, B },
        stored: user.srp,
        secretBlock: responses.PASSWORD_CLAIM_SECRET_BLOCK,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
      }));
    if (!ok) {
      await recordSignIn(ctx, user, 'Fail', 'Failure');
      throw wrongPassword();
    }
    // CUSTOM_AUTH with SRP_A first: DefineAuthChallenge goes on from the proven password.
    if (flow.carry.authFlow === 'CUSTOM_AUTH') {
      await checkSucceeded(ctx, check);
      return continueAfterPassword(ctx, { pool, client, user, carry: flow.carry, clientMetadata });
    }
    return withPendingRelease(ctx, check, (pending) =>
      finishPasswordStep(ctx, pool, client, user, flow.carry, pending),
    );
  },
};

export default PASSWORD_VERIFIER;
