/**
 * What a CUSTOM_CHALLENGE step keeps between the question and its answer. It is stored sealed
 * (AES-256-GCM, a key derived from the server secret): CreateAuthChallenge's private parameters
 * and metadata usually hold the expected answer, so they never rest in the database in clear.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import type { Context } from '../context.ts';
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

const IV = 12;
const TAG = 16;

function keyOf(ctx: Pick<Context, 'serverSecret'>): Buffer {
  return Buffer.from(hkdfSync('sha256', ctx.serverSecret, '', 'cognate custom challenge', 32));
}

/** Seals `state` for the flow row; bound to the pool, so it cannot be replayed in another. */
export function sealChallengeState(
  ctx: Pick<Context, 'serverSecret' | 'random'>,
  poolId: string,
  state: CustomChallengeState,
): string {
  const iv = ctx.random(IV);
  const cipher = createCipheriv('aes-256-gcm', keyOf(ctx), iv);
  cipher.setAAD(Buffer.from(poolId));
  const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
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
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(ctx), raw.subarray(0, IV));
    decipher.setAAD(Buffer.from(poolId));
    decipher.setAuthTag(raw.subarray(IV, IV + TAG));
    const text = Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as CustomChallengeState;
  } catch {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
}
