import { InvalidParameterException, NotAuthorizedException } from '../../errors.ts';
import { isEmail } from '../../validation/identifiers.ts';
import { assertNamesUser, finishMfa } from '../mfa-answer.ts';
import { factorChallenge } from '../mfa-step.ts';
import { consumeFlow } from '../session-store.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * MFA is required and the user has no factor. An authenticator app is set up with
 * AssociateSoftwareToken and VerifySoftwareToken on this flow's Session; answering with the
 * Session VerifySoftwareToken returned ends the sign-in. Where the pool offers email MFA, an
 * answer with EMAIL sends an EMAIL_OTP code to that address, which the user then proves. (SMS is
 * set up by giving the user a phone number and signing in again.)
 */
const MFA_SETUP: Challenge<'MFA_SETUP'> = {
  name: 'MFA_SETUP',
  answers: ['MFA_SETUP'],
  requires: ['USERNAME'],
  async respond(ctx, flow, { pool, client, responses }) {
    const user = await flowUser(ctx, flow);
    assertNamesUser(pool, user, responses.USERNAME);
    if (flow.state.verified) return finishMfa(ctx, flow, pool, client, user);
    const email = responses.EMAIL;
    if (email && flow.state.options.includes('EMAIL_OTP')) {
      if (!isEmail(email)) throw new InvalidParameterException('Invalid email address format.');
      await consumeFlow(ctx, flow);
      return factorChallenge(ctx, {
        pool,
        client,
        user,
        carry: flow.carry,
        factor: 'EMAIL_OTP',
        emailTo: email,
      });
    }
    // Nothing set up on this Session yet: it stays usable for the setup calls.
    throw new NotAuthorizedException('Invalid session for the user.');
  },
};

export default MFA_SETUP;
