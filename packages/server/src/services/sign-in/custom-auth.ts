/**
 * The custom authentication flow (AuthFlow CUSTOM_AUTH). The pool's DefineAuthChallenge trigger
 * decides every step from the `session` array of the challenges so far; CreateAuthChallenge makes
 * each CUSTOM_CHALLENGE and VerifyAuthChallengeResponse judges its ANSWER. A flow may begin by
 * proving the password with SRP (AuthParameters CHALLENGE_NAME SRP_A).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html#Custom-authentication-flow-and-challenges
 *
 *   InitiateAuth CUSTOM_AUTH ─────────► Define([]) ──────────────────┐
 *   InitiateAuth CUSTOM_AUTH + SRP_A ─► Define([SRP_A]) ─► PASSWORD_VERIFIER
 *        password proven ─► (NEW_PASSWORD_REQUIRED, device or MFA step → tokens, as on Cognito)
 *                        └► Define([SRP_A, PASSWORD_VERIFIER]) ───────┤
 *   Define: challengeName CUSTOM_CHALLENGE ─► Create ─► CUSTOM_CHALLENGE ─► ANSWER ─► Verify
 *           ─► Define(session + {CUSTOM_CHALLENGE, result, metadata}) ─► …
 *   Define: issueTokens ─► tokens;  failAuthentication ─► NotAuthorizedException
 */

import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { findUserById } from '../../store/repositories/users.ts';
import { assertUserDevice } from '../devices/lookup.ts';
import { deviceChallenge } from '../devices/sign-in-step.ts';
import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotFoundException,
} from '../errors.ts';
import {
  type ChallengeResult,
  type ChallengeSubject,
  createAuthChallenge,
  defineAuthChallenge,
  hasCustomAuth,
  notConfigured,
  verifyAuthChallengeResponse,
} from '../triggers/auth-challenge.ts';
import { runPreAuthentication } from '../triggers/authentication.ts';
import { unrecognizable } from '../triggers/invoke.ts';
import { checkSecretHash, hidesExistence } from '../user-pools/client-auth.ts';
import { lookupKey, resolveUser } from '../users/lookup.ts';
import type { Answer } from './challenges/challenge.ts';
import { openChallengeState, sealChallengeState } from './custom-auth-state.ts';
import { mfaChallenge } from './mfa-step.ts';
import { finishPasswordStep, finishSignIn } from './outcome.ts';
import { assertMaySignIn, decoyVerifier, wrongPassword } from './password-checks.ts';
import { consumeFlow, type Flow, startFlow } from './session-store.ts';
import { createChallenge, isValidClientPublic } from './srp.ts';
import type { FlowCarry } from './states.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

// The entries Cognito records for the SRP first step. Wire names: never change them.
const SRP_A: ChallengeResult = {
  challengeName: 'SRP_A',
  challengeResult: true,
  challengeMetadata: null,
};
const PASSWORD_VERIFIED: ChallengeResult = {
  challengeName: 'PASSWORD_VERIFIER',
  challengeResult: true,
  challengeMetadata: null,
};

/** Where a custom sign-in stands: who it is for, what the triggers have seen, what it carries. */
interface Progress extends ChallengeSubject {
  carry: FlowCarry;
  session: ChallengeResult[];
  /** The client's SRP `A`, while Define may still ask PASSWORD_VERIFIER (right after SRP_A). */
  srpA?: string;
}

/**
 * InitiateAuth / AdminInitiateAuth with AuthFlow CUSTOM_AUTH: asks DefineAuthChallenge for the
 * first step. An unknown user is UserNotFoundException, unless the client hides user existence:
 * then the triggers run with `userNotFound: true` and the flow can only fail.
 */
export async function startCustomAuth(
  ctx: SignInDeps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    params: Record<string, string>;
    carry: FlowCarry;
  },
): Promise<AuthOutcome> {
  const { pool, client, params, carry } = input;
  if (!hasCustomAuth(pool)) throw notConfigured();
  const username = params.USERNAME;
  if (!username) throw new InvalidParameterException('Missing required parameter USERNAME');
  checkSecretHash(client, [username], params.SECRET_HASH);
  const srpA = srpFirstStep(params);
  const user = await resolveUser(ctx, pool, username);
  if (!user && !hidesExistence(client)) throw new UserNotFoundException('User does not exist.');
  const validationData = carry.clientMetadata;
  await runPreAuthentication(ctx, { pool, client, user, username, validationData });
  // As in the other flows: a device key that is not the user's is refused before any challenge.
  await assertUserDevice(ctx, pool, user?.id, carry.deviceKey);
  if (user && srpA && !user.srp && user.status === 'RESET_REQUIRED') {
    throw new PasswordResetRequiredException();
  }
  // Without a password step nothing else comes first: a disabled or unconfirmed user stops here.
  if (user && !srpA) assertMaySignIn(user);
  return advance(ctx, { pool, client, user, username, carry, session: srpA ? [SRP_A] : [], srpA });
}

/** The SRP `A` when the flow starts with the password (CHALLENGE_NAME SRP_A), else undefined. */
function srpFirstStep(params: Record<string, string>): string | undefined {
  const named = params.CHALLENGE_NAME;
  if (named !== 'SRP_A' && (named || !params.SRP_A)) return undefined;
  const A = params.SRP_A;
  if (!A) throw new InvalidParameterException('Missing required parameter SRP_A');
  if (!isValidClientPublic(A)) throw new InvalidParameterException('Invalid SRP_A value.');
  return A;
}

/**
 * PASSWORD_VERIFIER of a custom sign-in, once the password is proven. What USER_SRP_AUTH does
 * next comes first and ends in tokens, as Cognito does ("If MFA is enabled for a user, it is
 * handled automatically after the password is verified"): refusals, NEW_PASSWORD_REQUIRED, the
 * device and MFA steps (the same steps as `afterFirstFactor`). Otherwise DefineAuthChallenge
 * runs again with the session [SRP_A, PASSWORD_VERIFIER].
 */
export async function continueAfterPassword(
  ctx: SignInDeps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    carry: FlowCarry;
    clientMetadata?: Record<string, string>;
  },
): Promise<AuthOutcome> {
  const { pool, client, user, carry } = input;
  if (user.status === 'FORCE_CHANGE_PASSWORD' || refuses(user)) {
    return finishPasswordStep(ctx, pool, client, user, carry);
  }
  const builtIn =
    (await deviceChallenge(ctx, pool, client, user, carry)) ??
    (await mfaChallenge(ctx, pool, client, user, carry));
  if (builtIn) return builtIn;
  return advance(ctx, {
    pool,
    client,
    user,
    username: user.username,
    carry,
    clientMetadata: input.clientMetadata,
    session: [SRP_A, PASSWORD_VERIFIED],
  });
}

function refuses(user: User): boolean {
  try {
    assertMaySignIn(user);
    return false;
  } catch {
    return true;
  }
}

/**
 * RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges the ANSWER, the
 * result joins the session array and DefineAuthChallenge decides again. USERNAME must name the
 * flow's user; the session takes one answer, right or wrong (a wrong one may lead to a new
 * challenge under a new Session, as Define decides).
 */
export async function answerCustomChallenge(
  ctx: SignInDeps,
  flow: Flow<'CUSTOM_CHALLENGE'>,
  answer: Answer,
): Promise<AuthOutcome> {
  const { pool, client, responses } = answer;
  const state = openChallengeState(ctx, pool.id, flow.state.sealed);
  const unknown = state.unknownUser;
  const user = unknown === undefined ? await findUserById(ctx.db, flow.userId) : undefined;
  if (!(await namesFlowUser(ctx, pool, responses.USERNAME, user, unknown))) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  await consumeFlow(ctx, flow);
  // The user was deleted while the challenge was out.
  if (!user && unknown === undefined) throw wrongPassword();
  const subject: ChallengeSubject = {
    pool,
    client,
    user,
    username: user?.username ?? (unknown as string),
    clientMetadata: answer.clientMetadata,
  };
  const correct = await verifyAuthChallengeResponse(
    ctx,
    subject,
    state.privateChallengeParameters,
    responses.ANSWER,
  );
  const result: ChallengeResult = {
    challengeName: 'CUSTOM_CHALLENGE',
    challengeResult: correct,
    challengeMetadata: state.challengeMetadata,
  };
  return advance(ctx, {
    ...subject,
    // A client that remembers a device names it with its answer (amazon-cognito-identity-js).
    carry: responses.DEVICE_KEY ? { ...flow.carry, deviceKey: responses.DEVICE_KEY } : flow.carry,
    session: [...state.session, result],
  });
}

/** True when `name` (username or alias) is the flow's user, or the unknown name it was for. */
async function namesFlowUser(
  ctx: SignInDeps,
  pool: UserPool,
  name: string,
  user: User | undefined,
  unknown: string | undefined,
): Promise<boolean> {
  if (unknown !== undefined) return lookupKey(pool, name) === lookupKey(pool, unknown);
  if (!user) return true;
  if (lookupKey(pool, name) === lookupKey(pool, user.username)) return true;
  return (await resolveUser(ctx, pool, name))?.id === user.id;
}

/** Runs DefineAuthChallenge on the session so far and takes the step it names. */
async function advance(ctx: SignInDeps, p: Progress): Promise<AuthOutcome> {
  const decision = await defineAuthChallenge(ctx, p, p.session);
  if (decision.kind === 'fail') throw wrongPassword();
  if (decision.kind === 'tokens') return issueTokens(ctx, p);
  if (decision.name === 'CUSTOM_CHALLENGE') return askCustomChallenge(ctx, p);
  if (decision.name === 'PASSWORD_VERIFIER' && p.srpA) return askPassword(ctx, p, p.srpA);
  // Any other challenge (or PASSWORD_VERIFIER without SRP_A just before) cannot be asked.
  throw unrecognizable();
}

/** Define said issueTokens: a flow for nobody fails; a user refused since is refused now. */
async function issueTokens(ctx: SignInDeps, p: Progress): Promise<AuthOutcome> {
  if (!p.user) throw wrongPassword();
  const user = p.user;
  assertMaySignIn(user);
  return finishSignIn(ctx, p.pool, p.client, user, p.carry);
}

/** CreateAuthChallenge makes the challenge; the client gets its public parameters and USERNAME. */
async function askCustomChallenge(ctx: SignInDeps, p: Progress): Promise<AuthOutcome> {
  const created = await createAuthChallenge(ctx, p, p.session, 'CUSTOM_CHALLENGE');
  const sealed = sealChallengeState(ctx, p.pool.id, {
    session: p.session,
    privateChallengeParameters: created.privateChallengeParameters,
    challengeMetadata: created.challengeMetadata,
    ...(!p.user && { unknownUser: p.username }),
  });
  const session = await startFlow(ctx, {
    userPoolId: p.pool.id,
    client: p.client,
    userId: p.user?.id ?? '',
    carry: p.carry,
    challenge: 'CUSTOM_CHALLENGE',
    state: { sealed },
  });
  return {
    kind: 'challenge',
    name: 'CUSTOM_CHALLENGE',
    session,
    params: { ...created.publicChallengeParameters, USERNAME: p.user?.username ?? p.username },
  };
}

/**
 * Define said PASSWORD_VERIFIER after SRP_A: SRP round one, as USER_SRP_AUTH answers it. An
 * unknown user gets a decoy that fails at the next step.
 */
async function askPassword(ctx: SignInDeps, p: Progress, A: string): Promise<AuthOutcome> {
  const stored = p.user?.srp ?? (await decoyVerifier(ctx, p.pool.id, p.username));
  const srpUser = p.user?.username ?? p.username;
  const challenge = await createChallenge(stored);
  const session = await startFlow(ctx, {
    userPoolId: p.pool.id,
    client: p.client,
    userId: p.user?.id ?? '',
    carry: p.carry,
    challenge: 'PASSWORD_VERIFIER',
    state: { b: challenge.b, B: challenge.B, A, decoy: !p.user?.srp || undefined },
  });
  return {
    kind: 'challenge',
    name: 'PASSWORD_VERIFIER',
    session,
    params: {
      SALT: stored.salt,
      SECRET_BLOCK: session,
      SRP_B: challenge.B,
      USERNAME: srpUser,
      USER_ID_FOR_SRP: srpUser,
    },
  };
}
