import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { findUserById, saveUser } from '../../store/repositories/users.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Context } from '../context.ts';
import { InvalidParameterException, NotAuthorizedException } from '../errors.ts';
import { checkPassword } from '../passwords/password-policy.ts';
import { issueSignInTokens } from '../tokens/grants.ts';
import { checkSecretHash } from '../user-pools/client-auth.ts';
import { assertWritable, validateAttributes } from '../users/attributes.ts';
import { recordSignIn } from '../users/auth-events.ts';
import { assertNotLocked, recordFailure, recordSuccess } from './lockout.ts';
import { type AuthOutcome, finishPasswordStep } from './outcome.ts';
import { assertMaySignIn, wrongPassword } from './password-checks.ts';
import { consumeFlow, type Flow, findFlow } from './session-store.ts';
import { createVerifier, verifyPasswordClaim } from './srp.ts';
import type { ChallengeStates } from './states.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl' | 'serverSecret'>;

interface Step {
  pool: UserPool;
  client: UserPoolClient;
  responses: Record<string, string>;
}

/**
 * RespondToAuthChallenge and AdminRespondToAuthChallenge: answers the challenge the stored flow
 * waits on. The Session (or, for PASSWORD_VERIFIER, the secret block, which is the same string)
 * names the flow; each session takes one answer.
 */
export async function respondToAuthChallenge(
  ctx: Deps,
  input: Step & { challengeName: string; session?: string },
): Promise<AuthOutcome> {
  const { responses } = input;
  const sessionString = input.session ?? responses.PASSWORD_CLAIM_SECRET_BLOCK;
  if (!sessionString) throw new InvalidParameterException('Missing required parameter Session');
  const flow = await findFlow(ctx, sessionString, input.client.id);
  if (flow.challenge !== input.challengeName) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  if (responses.USERNAME) {
    checkSecretHash(input.client, [responses.USERNAME], responses.SECRET_HASH);
  }
  switch (flow.challenge) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(ctx, input, flow as Flow<'PASSWORD_VERIFIER'>);
    case 'NEW_PASSWORD_REQUIRED':
      return newPasswordRequired(ctx, input, flow as Flow<'NEW_PASSWORD_REQUIRED'>);
    default:
      throw new InvalidParameterException(`Unsupported challenge ${input.challengeName}`);
  }
}

async function flowUser(ctx: Deps, flow: Flow): Promise<User> {
  const user = flow.userId ? await findUserById(ctx.db, flow.userId) : undefined;
  if (!user) throw wrongPassword();
  return user;
}

async function passwordVerifier(
  ctx: Deps,
  { pool, client, responses }: Step,
  flow: Flow<'PASSWORD_VERIFIER'>,
): Promise<AuthOutcome> {
  const state: ChallengeStates['PASSWORD_VERIFIER'] = flow.state;
  for (const name of ['PASSWORD_CLAIM_SIGNATURE', 'PASSWORD_CLAIM_SECRET_BLOCK', 'TIMESTAMP']) {
    if (!responses[name]) throw new InvalidParameterException(`Missing required parameter ${name}`);
  }
  // One answer per challenge: the session is used up before the claim is checked.
  await consumeFlow(ctx, flow);
  if (state.decoy) throw wrongPassword();
  const user = await flowUser(ctx, flow);
  const hadFailures = await assertNotLocked(ctx, user);
  const ok =
    user.srp !== undefined &&
    (await verifyPasswordClaim({
      userPoolId: pool.id,
      userId: user.username,
      A: state.A,
      challenge: { b: state.b, B: state.B },
      stored: user.srp,
      secretBlock: responses.PASSWORD_CLAIM_SECRET_BLOCK,
      timestamp: responses.TIMESTAMP,
      signature: responses.PASSWORD_CLAIM_SIGNATURE,
    }));
  if (!ok) {
    await recordFailure(ctx, user);
    await recordSignIn(ctx, user, 'Fail', 'Failure');
    throw wrongPassword();
  }
  await recordSuccess(ctx, user, hadFailures);
  return finishPasswordStep(ctx, pool, client, user);
}

async function newPasswordRequired(
  ctx: Deps,
  { pool, client, responses }: Step,
  flow: Flow<'NEW_PASSWORD_REQUIRED'>,
): Promise<AuthOutcome> {
  const password = responses.NEW_PASSWORD;
  if (!password) throw new InvalidParameterException('Missing required parameter NEW_PASSWORD');
  const user = await flowUser(ctx, flow);
  // Disabled since the password step: the challenge cannot finish either.
  assertMaySignIn(user);
  const updates: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith('userAttributes.')) updates[key.slice('userAttributes.'.length)] = value;
  }
  assertWritable(Object.keys(updates), client.settings.WriteAttributes);
  const attributes = { ...user.attributes, ...updates };
  // Required attributes are checked on the result; the stored `sub` is the server's own, so
  // only an answer that tries to write `sub` is refused.
  const { sub: _sub, ...stored } = user.attributes;
  validateAttributes(pool.settings.SchemaAttributes ?? [], { ...stored, ...updates }, 'signUp');
  checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, password);
  // A rejected answer above leaves the session usable for another try, as on Cognito.
  const now = ctx.clock.now();
  user.attributes = attributes;
  user.srp = await createVerifier(pool.id, user.username, password);
  user.passwordChangedAt = now;
  user.status = 'CONFIRMED';
  user.updatedAt = new Date(now);
  return inTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    await consumeFlow(tctx, flow);
    await saveUser(db, user);
    await recordSignIn(tctx, user, 'Pass', 'Success');
    return { kind: 'tokens', result: await issueSignInTokens(tctx, pool, client, user), user };
  });
}
