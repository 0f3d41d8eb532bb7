import type { Context } from '../context.ts';
import { NotAuthorizedException } from '../errors.ts';
import { issueSignInTokens } from '../grants.ts';
import type { User, UserPool, UserPoolClient } from '../model.ts';
import type { AuthenticationResult } from '../tokens.ts';
import { assertMaySignIn, temporaryPasswordExpired } from './password-checks.ts';
import { startFlow } from './session-store.ts';
import type { ChallengeName } from './states.ts';

/** Where a sign-in step leads: tokens, or another challenge. */
export type AuthOutcome =
  | { kind: 'tokens'; result: AuthenticationResult; user: User }
  | { kind: 'challenge'; name: ChallengeName; session: string; params: Record<string, string> };

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

/**
 * After the password is proven: refuse disabled, unconfirmed or reset-bound users, ask for a
 * new password after a temporary one, or finish with tokens.
 */
export async function finishPasswordStep(
  ctx: Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl'>,
  pool: UserPool,
  client: UserPoolClient,
  user: User,
): Promise<AuthOutcome> {
  assertMaySignIn(user);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (temporaryPasswordExpired(pool, user, ctx.clock.now())) {
      throw new NotAuthorizedException(
        'Temporary password has expired and must be reset by an administrator.',
      );
    }
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
  return { kind: 'tokens', result: await issueSignInTokens(ctx, pool, client, user), user };
}
