import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { issueSignInTokens } from '../tokens/grants.ts';
import type { AuthenticationResult } from '../tokens/tokens.ts';
import { recordSignIn } from '../users/auth-events.ts';
import { assertMaySignIn, temporaryPasswordExpired } from './password-checks.ts';
import { startFlow } from './session-store.ts';
import type { FlowStep } from './states.ts';

/** Where a sign-in step leads: tokens, or another challenge stored under a new Session. */
export type AuthOutcome =
  | { kind: 'tokens'; result: AuthenticationResult; user: User }
  | { kind: 'challenge'; name: FlowStep; session: string; params: Record<string, string> };

/** Attributes the NEW_PASSWORD_REQUIRED challenge shows (Cognito leaves out `sub`). */
function visibleAttributes(user: User): Record<string, string> {
  const { sub: _sub, ...rest } = user.attributes;
  return rest;
}

/** Required schema attributes the user still lacks, as `userAttributes.<name>`. */
function missingRequired(pool: UserPool, user: User): string[] {
  return (pool.settings.SchemaAttributes ?? [])
    .filter(
      (a: { Required?: boolean; Name?: string }) =>
        a.Required && a.Name && !user.attributes[a.Name],
    )
    .map((a: { Name?: string }) => `userAttributes.${a.Name}`);
}

/** Why a user with the right password may still not sign in, or undefined. */
function refusal(pool: UserPool, user: User, now: number): Error | undefined {
  try {
    assertMaySignIn(user);
  } catch (err) {
    return err as Error;
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD' && temporaryPasswordExpired(pool, user, now)) {
    return new NotAuthorizedException(
      'Temporary password has expired and must be reset by an administrator.',
    );
  }
  return undefined;
}

/**
 * After the password is proven: refuse disabled, unconfirmed or reset-bound users, ask for a
 * new password after a temporary one, or finish with tokens. Refusals and tokens are recorded in
 * the user's sign-in history.
 */
export async function finishPasswordStep(
  ctx: Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl'>,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
): Promise<AuthOutcome> {
  const refused = refusal(pool, user, ctx.clock.now());
  if (refused) {
    await recordSignIn(ctx, user, 'Fail', 'Success');
    throw refused;
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = await startFlow(ctx, {
      userPoolId: pool.id,
      client,
      userId: user.id,
      challenge: 'NEW_PASSWORD_REQUIRED',
      state: {},
    });
    return {
      kind: 'challenge',
      name: 'NEW_PASSWORD_REQUIRED',
      session,
      params: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(missingRequired(pool, user)),
        userAttributes: JSON.stringify(visibleAttributes(user)),
      },
    };
  }
  // The event is committed with the refresh grant: one commit per sign-in (sign-in is benchmarked).
  const result = await issueSignInTokens(ctx, pool, client, user, (db) =>
    recordSignIn({ ...ctx, db }, user, 'Pass', 'Success'),
  );
  return { kind: 'tokens', result, user };
}
