import { answerCustomChallenge } from '../custom-auth.ts';
import type { Challenge } from './challenge.ts';

/**
 * A challenge of the pool's CreateAuthChallenge trigger (AuthFlow CUSTOM_AUTH): the client
 * answers with ANSWER, VerifyAuthChallengeResponse judges it and DefineAuthChallenge decides
 * what comes next (see custom-auth.ts).
 */
const CUSTOM_CHALLENGE: Challenge<'CUSTOM_CHALLENGE'> = {
  name: 'CUSTOM_CHALLENGE',
  answers: ['CUSTOM_CHALLENGE'],
  requires: ['USERNAME', 'ANSWER'],
  respond: answerCustomChallenge,
};

export default CUSTOM_CHALLENGE;
