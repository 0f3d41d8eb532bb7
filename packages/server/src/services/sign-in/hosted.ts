import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { open } from '../crypto/secret-box.ts';
import { NotAuthorizedException } from '../errors.ts';
import { associateSoftwareToken, verifySoftwareToken } from '../mfa/software-token.ts';
import { runPreAuthentication } from '../triggers/authentication.ts';
import { secretHash } from '../user-pools/client-auth.ts';
import { flowUser } from './challenges/challenge.ts';
import { passwordSignIn } from './initiate.ts';
import { finishPasswordStep } from './outcome.ts';
import { respondToAuthChallenge } from './respond.ts';
import { type Flow, findFlow } from './session-store.ts';
import type { FlowCarry } from './states.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

/**
 * Signing in on the hosted pages. The pages run the same pipeline as InitiateAuth and
 * RespondToAuthChallenge (migration, PreAuthentication, lockout, NEW_PASSWORD_REQUIRED, every MFA
 * challenge, PostAuthentication), whatever the client's ExplicitAuthFlows: Cognito's hosted UI
 * signs in any user of an OAuth client. The flow is marked `hosted`, so it ends `authenticated`
 * (the token endpoint issues tokens from the authorization code), and only these functions may
 * answer its steps. The user is always the stored flow's, never one the browser names.
 */

/** Where a hosted step leads: the next challenge, or the user proven. */
export type HostedOutcome = Extract<AuthOutcome, { kind: 'challenge' | 'authenticated' }>;

/** What a hosted flow shows on its page: the step it waits on and whom it signs in. */
export interface HostedFlow {
  flow: Flow;
  user: User;
}

function hostedCarry(): FlowCarry {
  return { authFlow: 'USER_PASSWORD_AUTH', hosted: true };
}

/** SECRET_HASH as a client with a secret would send it: the pages act for the client. */
function secretHashParam(client: UserPoolClient, username: string): Record<string, string> {
  return client.secret ? { SECRET_HASH: secretHash(client.secret, username, client.id) } : {};
}

function asHosted(outcome: AuthOutcome): HostedOutcome {
  // A hosted flow never ends with tokens (finishSignIn answers `authenticated` for it).
  if (outcome.kind === 'tokens') throw new Error('A hosted sign-in ended with tokens');
  return outcome;
}

/** The hosted sign-in form: a username (or alias) and password. */
export async function hostedSignIn(
  ctx: SignInDeps,
  input: { pool: UserPool; client: UserPoolClient; username: string; password: string },
): Promise<HostedOutcome> {
  const { pool, client, username, password } = input;
  const params = { USERNAME: username, PASSWORD: password, ...secretHashParam(client, username) };
  return asHosted(await passwordSignIn(ctx, pool, client, params, hostedCarry()));
}

/**
 * Signs in a user who proved the password on these pages before being confirmed (sign-up, then
 * the code): PreAuthentication and the steps after the password run as for a password sign-in.
 */
export async function hostedSignInConfirmed(
  ctx: SignInDeps,
  input: { pool: UserPool; client: UserPoolClient; user: User },
): Promise<HostedOutcome> {
  const { pool, client, user } = input;
  await runPreAuthentication(ctx, { pool, client, user, username: user.username });
  return asHosted(await finishPasswordStep(ctx, pool, client, user, hostedCarry()));
}

/** The hosted flow a Session points at, for `client`; any other flow is an invalid session. */
export async function findHostedFlow(
  ctx: Pick<SignInDeps, 'db' | 'clock'>,
  session: string,
  client: UserPoolClient,
): Promise<HostedFlow> {
  const flow = await findFlow(ctx, session, client.id);
  if (!flow.carry.hosted) throw new NotAuthorizedException('Invalid session for the user.');
  return { flow, user: await flowUser(ctx, flow) };
}

/**
 * Answers the step a hosted flow waits on with `responses` (`SMS_MFA_CODE`, `NEW_PASSWORD`,
 * `ANSWER`, …); USERNAME and SECRET_HASH are the flow's own.
 */
export async function answerHostedChallenge(
  ctx: SignInDeps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    session: string;
    responses: Record<string, string>;
  },
): Promise<HostedOutcome> {
  const { pool, client, session } = input;
  const { flow, user } = await findHostedFlow(ctx, session, client);
  const responses = {
    ...input.responses,
    USERNAME: user.username,
    ...secretHashParam(client, user.username),
  };
  return asHosted(
    await respondToAuthChallenge(ctx, {
      pool,
      client,
      responses,
      challengeName: flow.challenge,
      session,
      hosted: true,
    }),
  );
}

/**
 * The authenticator secret an MFA_SETUP flow sets up: the one already associated with the flow,
 * or a new one (the flow then moves to the returned Session).
 */
export async function hostedTotpSecret(
  ctx: SignInDeps,
  input: { client: UserPoolClient; session: string },
): Promise<{ secret: string; session: string; user: User }> {
  const { flow, user } = await findHostedFlow(ctx, input.session, input.client);
  if (flow.challenge !== 'MFA_SETUP') {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  if (flow.state.secret) {
    return {
      secret: open(ctx, 'totp secret', user.id, flow.state.secret),
      session: input.session,
      user,
    };
  }
  const made = await associateSoftwareToken(ctx, { kind: 'session', session: input.session });
  return { secret: made.SecretCode, session: made.Session ?? input.session, user };
}

/**
 * MFA_SETUP with an authenticator app: the code proves the app holds the secret (TOTP MFA is then
 * on), and the flow ends as the MFA_SETUP answer does.
 */
export async function completeHostedTotpSetup(
  ctx: SignInDeps,
  input: { pool: UserPool; client: UserPoolClient; session: string; code: string },
): Promise<HostedOutcome> {
  await findHostedFlow(ctx, input.session, input.client);
  const verified = await verifySoftwareToken(
    ctx,
    { kind: 'session', session: input.session },
    input.code,
  );
  return answerHostedChallenge(ctx, {
    pool: input.pool,
    client: input.client,
    session: verified.Session ?? input.session,
    responses: {},
  });
}
