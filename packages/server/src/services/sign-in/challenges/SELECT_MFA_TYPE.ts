import { InvalidParameterException } from '../../errors.ts';
import { assertNamesUser } from '../mfa-answer.ts';
import { factorChallenge } from '../mfa-step.ts';
import { consumeFlow } from '../session-store.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * The user picks one of the factors offered in MFAS_CAN_CHOOSE (ANSWER SMS_MFA,
 * SOFTWARE_TOKEN_MFA or EMAIL_OTP) and is asked for it under a new Session.
 */
const SELECT_MFA_TYPE: Challenge<'SELECT_MFA_TYPE'> = {
  name: 'SELECT_MFA_TYPE',
  answers: ['SELECT_MFA_TYPE'],
  requires: ['ANSWER', 'USERNAME'],
  async respond(ctx, flow, { pool, client, responses }) {
    const user = await flowUser(ctx, flow);
    assertNamesUser(pool, user, responses.USERNAME);
    const factor = flow.state.options.find((f) => f === responses.ANSWER);
    // A factor not offered leaves the session as it was, for a valid choice.
    if (!factor) {
      throw new InvalidParameterException(
        `Invalid MFA type ${responses.ANSWER}: choose one of ${flow.state.options.join(', ')}.`,
      );
    }
    await consumeFlow(ctx, flow);
    return factorChallenge(ctx, { pool, client, user, carry: flow.carry, factor });
  },
};

export default SELECT_MFA_TYPE;
