import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { CodeMismatchException, NotAuthorizedException } from '../errors.ts';
import { MFA_CODE_TRIES } from '../mfa/codes.ts';
import { lookupKey } from '../users/lookup.ts';
import { finishSignIn } from './outcome.ts';
import { assertMaySignIn } from './password-checks.ts';
import { consumeFlow, countWrongAnswer, type Flow } from './session-store.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

/**
 * What the MFA challenges share: a session takes three codes at most, the USERNAME answered must
 * name the flow's user, and a right code ends the sign-in with tokens.
 */

/** Cognito's answer to a wrong MFA code (the session stays for another try). */
export function codeMismatch() {
  return new CodeMismatchException('Invalid code or auth state for the user.');
}

/**
 * Refuses an answer whose USERNAME names someone else than the flow's user. The name may be the
 * username, the sub, or an email, phone number or preferred_username the pool signs in with,
 * in the pool's case rules.
 */
export function assertNamesUser(pool: UserPool, user: User, name: string): void {
  const key = lookupKey(pool, name);
  const kinds = [
    ...(pool.settings.UsernameAttributes ?? []),
    ...(pool.settings.AliasAttributes ?? []),
  ];
  const names =
    key === lookupKey(pool, user.username) ||
    name === user.id ||
    kinds.some(
      (k) => user.attributes[k] !== undefined && lookupKey(pool, user.attributes[k]) === key,
    );
  if (!names) throw new NotAuthorizedException('Invalid session for the user.');
}

/**
 * Takes one of the session's tries before the code is compared, in one statement: however many
 * answers arrive at once (on any instance), no more than MFA_CODE_TRIES are ever compared.
 */
export function takeCodeTry(ctx: Pick<SignInDeps, 'db'>, flow: Flow): Promise<void> {
  return countWrongAnswer(ctx, flow, MFA_CODE_TRIES);
}

/** The second factor is proven: the session is used up and the sign-in ends with tokens. */
export async function finishMfa(
  ctx: SignInDeps,
  flow: Flow,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
): Promise<AuthOutcome> {
  await consumeFlow(ctx, flow);
  // Disabled or reset since the password step: the sign-in cannot finish either.
  assertMaySignIn(user);
  return finishSignIn(ctx, pool, client, user, flow.carry);
}
