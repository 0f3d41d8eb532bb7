/**
 * What a CUSTOM_CHALLENGE step keeps between the question and its answer. It is stored sealed
 * (AES-256-GCM, a key derived from the server secret): CreateAuthChallenge's private parameters
 * and metadata usually hold the expected answer, so they never rest in the database in clear.
 */
import type { Context } from '../context.ts';
import { open, seal } from '../crypto/secret-box.ts';
import { NotAuthorizedException } from '../errors.ts';
import type { ChallengeResult } from '../triggers/auth-challenge.ts';

/** The data of a CUSTOM_CHALLENGE step. */
export interface CustomChallengeState {
  /** The triggers' `session` array before this challenge. */
  session: ChallengeResult[];
  /** CreateAuthChallenge's `privateChallengeParameters`, for VerifyAuthChallengeResponse. */
  privateChallengeParameters: Record<string, string>;
  /** CreateAuthChallenge's `challengeMetadata`, recorded with this challenge's result. */
  challengeMetadata: string | null;
  /** The name the client sent when no user has it (a client that hides user existence). */
  unknownUser?: string;
}

/** Seals `state` for the flow row; bound to the pool, so it cannot be replayed in another. */
export function sealChallengeState(
  ctx: Pick<Context, 'serverSecret'>,
  poolId: string,
  state: CustomChallengeState,
): string {
  return seal(ctx, 'custom challenge', poolId, JSON.stringify(state));
}

/**
 * Opens what `sealChallengeState` sealed. A row that does not open (written under another server
 * secret) is answered as an invalid session.
 */
export function openChallengeState(
  ctx: Pick<Context, 'serverSecret'>,
  poolId: string,
  sealed: string,
): CustomChallengeState {
  try {
    return JSON.parse(open(ctx, 'custom challenge', poolId, sealed)) as CustomChallengeState;
  } catch {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
}
