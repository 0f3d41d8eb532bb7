import { assertUserDevice } from '../devices/lookup.ts';
import { InvalidParameterException, NotAuthorizedException } from '../errors.ts';
import { checkSecretHash } from '../user-pools/client-auth.ts';
import { checkEnum } from '../validation/members.ts';
import type { Answer, Challenge, ChallengeDeps } from './challenges/challenge.ts';
import { challengeNamed } from './challenges/index.ts';
import { findFlow, takeFlow } from './session-store.ts';
import { CHALLENGE_NAMES, type ChallengeName, type FlowStep } from './states.ts';
import type { AuthOutcome } from './step-types.ts';

/** The steps that ask a second factor; answering one marks the flow's carry. */
const SECOND_FACTOR_STEPS: readonly FlowStep[] = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
];

/**
 * Checks a request's ChallengeName against Cognito's enum, before anything else is looked up:
 * Cognito's model validation answers "1 validation error detected: Value 'X' at
 * 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: […]".
 */
export function parseChallengeName(value: string): ChallengeName {
  return checkEnum(value, 'challengeName', CHALLENGE_NAMES);
}

/**
 * RespondToAuthChallenge and AdminRespondToAuthChallenge: answers the challenge the stored flow
 * waits on with the module named by ChallengeName (challenges/). The Session (or the response
 * the challenge names instead, SRP's secret block) points at the flow; each session takes one
 * answer.
 */
export async function respondToAuthChallenge(
  ctx: ChallengeDeps,
  input: Answer & {
    challengeName: ChallengeName;
    session?: string;
    /** The hosted pages answer (hosted.ts): only they may answer a hosted flow, and only those. */
    hosted?: boolean;
  },
): Promise<AuthOutcome> {
  const { responses } = input;
  const challenge = challengeNamed(input.challengeName);
  const sessionString =
    input.session ?? (challenge?.sessionIn ? responses[challenge.sessionIn] : undefined);
  if (!sessionString) throw new InvalidParameterException('Missing required parameter Session');
  const flow =
    (takesAtOnce(challenge, input) &&
      (await takeFlow(ctx, sessionString, input.client.id, 'PASSWORD_VERIFIER'))) ||
    (await findFlow(ctx, sessionString, input.client.id));
  // A hosted sign-in ends without tokens; the API must never finish one, nor the pages an API's.
  if (Boolean(flow.carry.hosted) !== Boolean(input.hosted)) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  // A name the flow is not waiting on, including one this server never asks, is refused like a
  // session that is not this challenge's. The check is also what makes `flow` fit `respond`.
  if (!challenge?.answers.includes(flow.challenge)) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  if (responses.USERNAME) {
    checkSecretHash(input.client, [responses.USERNAME], responses.SECRET_HASH);
  }
  for (const key of challenge.requires) {
    if (!responses[key]) throw new InvalidParameterException(`Missing required parameter ${key}`);
  }
  // A DEVICE_KEY may first come with an answer (amazon-cognito-identity-js sends it with
  // PASSWORD_VERIFIER). One naming no device of the user is refused before the session is used,
  // so the client can send the same answer again without it, as it does on Cognito.
  const deviceKey = responses.DEVICE_KEY;
  if (deviceKey && !flow.carry.deviceProven) {
    await assertUserDevice(ctx, input.pool, flow.userId, deviceKey);
    flow.carry = { ...flow.carry, deviceKey };
  }
  if (SECOND_FACTOR_STEPS.includes(flow.challenge)) {
    flow.carry = { ...flow.carry, secondFactorDone: true };
  }
  // Triggers at the end of the sign-in see this answer's ClientMetadata, not InitiateAuth's.
  flow.carry = { ...flow.carry, answerMetadata: input.clientMetadata };
  return challenge.respond(ctx, flow, input);
}

/**
 * True when an answer to PASSWORD_VERIFIER will use its session up whatever follows (every
 * check below that could refuse it and leave the session for a retry passes already), so the
 * session is read and used up in one statement. A DEVICE_KEY, a missing response or a wrong
 * SECRET_HASH go the long way, which refuses them with the session kept; so does a hosted
 * answer (hosted sign-ins never wait on PASSWORD_VERIFIER).
 */
function takesAtOnce(
  challenge: Challenge | undefined,
  input: Answer & { hosted?: boolean },
): boolean {
  const { responses } = input;
  if (challenge?.name !== 'PASSWORD_VERIFIER' || input.hosted || responses.DEVICE_KEY) return false;
  if (!challenge.requires.every((key) => responses[key])) return false;
  if (!responses.USERNAME) return true;
  try {
    checkSecretHash(input.client, [responses.USERNAME], responses.SECRET_HASH);
    return true;
  } catch {
    return false;
  }
}
