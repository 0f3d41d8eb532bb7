import { mfaCodeMatches } from '../../mfa/codes.ts';
import { assertNamesUser, codeMismatch, finishMfa, takeCodeTry } from '../mfa-answer.ts';
import { type Challenge, flowUser } from './challenge.ts';

/** The code sent by SMS to the user's phone number, good while the session lasts. */
const SMS_MFA: Challenge<'SMS_MFA'> = {
  name: 'SMS_MFA',
  answers: ['SMS_MFA'],
  requires: ['SMS_MFA_CODE', 'USERNAME'],
  async respond(ctx, flow, { pool, client, responses }) {
    const user = await flowUser(ctx, flow);
    assertNamesUser(pool, user, responses.USERNAME);
    await takeCodeTry(ctx, flow);
    if (!mfaCodeMatches(ctx, user.id, 'SMS_MFA', responses.SMS_MFA_CODE, flow.state.codeHash)) {
      throw codeMismatch();
    }
    return finishMfa(ctx, flow, pool, client, user);
  },
};

export default SMS_MFA;
