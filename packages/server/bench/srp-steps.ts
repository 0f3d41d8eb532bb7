/**
 * The two SRP steps as calls of their own, so each can be timed apart:
 * 1. InitiateAuth USER_SRP_AUTH with the user's SRP_A (drawn once per user, so the call costs the
 *    load generator no math);
 * 2. RespondToAuthChallenge PASSWORD_VERIFIER, which needs a session of step 1 that no answer has
 *    used yet. A bank of them is made before the timed window: step 1 for each, then the claim
 *    (the client's modexp) computed at once, so the window itself sends prepared bodies only.
 *    The server does not check the claim's TIMESTAMP against its clock, and a session lives for
 *    the client's AuthSessionValidity (3 minutes by default): a bank is used well within that.
 */
import { type BenchPool, type BenchUser, eachLimited } from './flows.ts';
import type { IdpClient } from './load.ts';
import { passwordClaim } from './srp-client.ts';

interface ChallengeAnswer {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: { AccessToken?: string };
}

/** Step 1: the PASSWORD_VERIFIER challenge for `user`. */
export async function srpInitiate(
  idp: IdpClient,
  clientId: string,
  user: BenchUser,
): Promise<ChallengeAnswer & { ChallengeParameters: Record<string, string> }> {
  const res = await idp.call<ChallengeAnswer>('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, SRP_A: user.srp.A },
  });
  if (res.ChallengeName !== 'PASSWORD_VERIFIER' || !res.ChallengeParameters) {
    throw new Error(`expected PASSWORD_VERIFIER: ${JSON.stringify(res).slice(0, 300)}`);
  }
  return res as ChallengeAnswer & { ChallengeParameters: Record<string, string> };
}

/** A prepared step 2: the request body of one PASSWORD_VERIFIER answer. */
export type VerifierRequest = Record<string, unknown>;

/**
 * `count` step-2 bodies, each on a session of its own, made `concurrency` at a time (the users
 * taken in turn, so no user has many sessions at once).
 */
export async function prepareVerifiers(
  idp: IdpClient,
  pool: BenchPool,
  count: number,
  concurrency: number,
): Promise<VerifierRequest[]> {
  const bank: VerifierRequest[] = [];
  const indices = Array.from({ length: count }, (_, i) => i);
  await eachLimited(indices, concurrency, async (i) => {
    const user = pool.users[i % pool.users.length];
    const challenge = await srpInitiate(idp, pool.clientId, user);
    bank.push({
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: pool.clientId,
      Session: challenge.Session,
      ChallengeResponses: passwordClaim(user.srp, challenge.ChallengeParameters),
    });
  });
  return bank;
}

/** Step 2: sends one prepared answer and checks that it signed the user in. */
export async function srpVerify(idp: IdpClient, body: VerifierRequest): Promise<void> {
  const res = await idp.call<ChallengeAnswer>('RespondToAuthChallenge', body);
  if (!res.AuthenticationResult?.AccessToken) {
    throw new Error(`no tokens in response: ${JSON.stringify(res).slice(0, 300)}`);
  }
}
