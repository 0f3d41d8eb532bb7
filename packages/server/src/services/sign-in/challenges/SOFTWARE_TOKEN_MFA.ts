import { checkTotpSignIn } from '../../mfa/software-token.ts';
import { assertNamesUser, codeMismatch, finishMfa, takeCodeTry } from '../mfa-answer.ts';
import { type Challenge, flowUser } from './challenge.ts';

/**
 * The authenticator app's code (RFC 6238) for the user's verified secret. Each code signs in
 * once: a code of a time step already used is refused like a wrong one.
 */
const SOFTWARE_TOKEN_MFA: Challenge<'SOFTWARE_TOKEN_MFA'> = {
  name: 'SOFTWARE_TOKEN_MFA',
  answers: ['SOFTWARE_TOKEN_MFA'],
  requires: ['SOFTWARE_TOKEN_MFA_CODE', 'USERNAME'],
  async respond(ctx, flow, { pool, client, responses }) {
    const user = await flowUser(ctx, flow);
    assertNamesUser(pool, user, responses.USERNAME);
    await takeCodeTry(ctx, flow);
    if (!(await checkTotpSignIn(ctx, user, responses.SOFTWARE_TOKEN_MFA_CODE))) {
      throw codeMismatch();
    }
    return finishMfa(ctx, flow, pool, client, user);
  },
};

export default SOFTWARE_TOKEN_MFA;
