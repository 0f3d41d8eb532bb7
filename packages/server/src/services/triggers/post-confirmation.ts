/**
 * The PostConfirmation trigger: after a user confirms their sign-up (ConfirmSignUp,
 * AdminConfirmSignUp, or a PreSignUp function that auto-confirms) or a password reset
 * (ConfirmForgotPassword).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
 *
 * It runs after the confirmation is committed, and a failing function does not undo it: the
 * caller gets the function's error (UserLambdaValidationException "PostConfirmation failed with
 * error …"), but the user stays confirmed, as on Cognito. So the function may call the server
 * back (AdminAddUserToGroup is the usual post-confirmation work).
 */
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { eventAttributes, metadataOf, NO_CLIENT } from './event-parts.ts';
import { invokeTrigger, triggerEvent } from './invoke.ts';

/** What was confirmed: the suffix of `PostConfirmation_<source>`. */
export type PostConfirmationSource = 'ConfirmSignUp' | 'ConfirmForgotPassword';

/** Runs the pool's PostConfirmation trigger, if it has one, for `user` (as now stored). */
export async function runPostConfirmation(
  ctx: Pick<Context, 'region' | 'functions'>,
  input: {
    pool: UserPool;
    clientId?: string;
    user: User;
    source: PostConfirmationSource;
    clientMetadata?: Record<string, string>;
  },
): Promise<void> {
  const arn: string | undefined = input.pool.settings.LambdaConfig?.PostConfirmation;
  if (!arn) return;
  const event = triggerEvent(ctx, {
    triggerSource: `PostConfirmation_${input.source}`,
    userPoolId: input.pool.id,
    userName: input.user.username,
    clientId: input.clientId ?? NO_CLIENT,
    request: {
      userAttributes: eventAttributes(input.pool, input.user),
      clientMetadata: metadataOf(input.clientMetadata),
    },
    response: {},
  });
  await invokeTrigger(ctx, 'PostConfirmation', arn, event);
}
