import type { User } from '../../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../../model/user-pool.ts';
import { findUserById } from '../../../store/repositories/users.ts';
import { wrongPassword } from '../password-checks.ts';
import type { Flow } from '../session-store.ts';
import type { ChallengeName, FlowStep } from '../states.ts';
import type { AuthOutcome, SignInDeps } from '../step-types.ts';

/** What answering a challenge may use. */
export type ChallengeDeps = SignInDeps;

/** One RespondToAuthChallenge (or Admin…) request, past its checks. */
export interface Answer {
  pool: UserPool;
  client: UserPoolClient;
  /** The ChallengeResponses; every key the challenge `requires` is there and not empty. */
  responses: Record<string, string>;
  /** The request's ClientMetadata, for triggers (each answer sends its own). */
  clientMetadata?: Record<string, string>;
}

/**
 * One challenge of the sign-in flow, in a file named after its wire name and listed in
 * challenges/index.ts. RespondToAuthChallenge finds it by the request's ChallengeName, checks the
 * stored flow waits on one of its `answers` and the responses carry what it `requires`, then
 * calls `respond`.
 *
 * @example
 * const SMS_MFA: Challenge<'SMS_MFA'> = {
 *   name: 'SMS_MFA',
 *   answers: ['SMS_MFA'],
 *   requires: ['SMS_MFA_CODE'],
 *   async respond(ctx, flow, { pool, client, responses }) {
 *     // check responses.SMS_MFA_CODE against the code kept in flow.state, then:
 *     await consumeFlow(ctx, flow);
 *     return tokens(…);
 *   },
 * };
 */
export interface Challenge<S extends FlowStep = FlowStep> {
  /** The ChallengeName this module answers; a wire name, never change it. */
  readonly name: ChallengeName;
  /** The stored steps it answers; any other flow is "Invalid session for the user." */
  readonly answers: readonly S[];
  /**
   * ChallengeResponses keys that must be present, checked in order; a missing one is
   * InvalidParameterException "Missing required parameter <KEY>", as on Cognito.
   */
  readonly requires: readonly string[];
  /** A response key that carries the Session when the request has none (SRP's secret block). */
  readonly sessionIn?: string;
  /**
   * Answers the flow: tokens, or the next challenge under a new Session. Uses the flow up
   * (`consumeFlow`) once the answer counts; an answer refused before that may be retried.
   */
  respond(ctx: ChallengeDeps, flow: Flow<S>, answer: Answer): Promise<AuthOutcome>;
}

/**
 * The user a flow signs in. A flow without one (a decoy for an unknown user) or whose user is
 * gone since answers as a wrong password, so the two cannot be told apart.
 */
export async function flowUser(ctx: Pick<SignInDeps, 'db'>, flow: Flow): Promise<User> {
  // takeFlow may have read the user with the flow already.
  const user =
    flow.user !== undefined
      ? (flow.user ?? undefined)
      : flow.userId
        ? await findUserById(ctx.db, flow.userId)
        : undefined;
  if (!user) throw wrongPassword();
  return user;
}
