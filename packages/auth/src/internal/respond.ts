import { loadDevice } from './cache.ts';
import { request } from './client.ts';
import { type AuthResponse, type FlowOutcome, handleResponse } from './flow.ts';
import type { CognitoUser } from './user.ts';

/**
 * Answers the pending challenge `name` with `responses`, adding USERNAME and the remembered
 * device's DEVICE_KEY (read from storage when the user object has none yet, as identity-js's
 * sendCustomChallengeAnswer does).
 */
export async function respond(
  user: CognitoUser,
  name: string,
  responses: Record<string, string>,
  clientMetadata?: Record<string, string>,
): Promise<FlowOutcome> {
  const all: Record<string, string> = { USERNAME: user.username, ...responses };
  if (!user.deviceKey) loadDevice(user);
  if (user.deviceKey) all.DEVICE_KEY = user.deviceKey;
  const res = await request<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: name,
    ChallengeResponses: all,
    ClientId: user.pool.clientId,
    Session: user.Session,
    ClientMetadata: clientMetadata,
  });
  return handleResponse(user, res, clientMetadata);
}
