import { mfaCodeMatches } from '../../mfa/codes.ts';
import { completeEmailSetup } from '../../mfa/email-setup.ts';
import { assertNamesUser, codeMismatch, finishMfa, takeCodeTry } from '../mfa-answer.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * The code sent by email, good while the session lasts. When MFA_SETUP sent it to a new
 * address, the right code also makes that address the user's verified email and turns email
 * MFA on.
 */
const EMAIL_OTP: Challenge<'EMAIL_OTP'> = {
  name: 'EMAIL_OTP',
  answers: ['EMAIL_OTP'],
  requires: ['EMAIL_OTP_CODE', 'USERNAME'],
  async respond(ctx, flow, { pool, client, responses }) {
    const user = await flowUser(ctx, flow);
    assertNamesUser(pool, user, responses.USERNAME);
    await takeCodeTry(ctx, flow);
    if (!mfaCodeMatches(ctx, user.id, 'EMAIL_OTP', responses.EMAIL_OTP_CODE, flow.state.codeHash)) {
      throw codeMismatch();
    }
    const { setupEmail } = flow.state;
    if (setupEmail) await completeEmailSetup(ctx, pool, user, setupEmail);
    return finishMfa(ctx, flow, pool, client, user);
  },
};

export default EMAIL_OTP;
