/**
 * The PreAuthentication and PostAuthentication triggers around a sign-in.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
 */
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { hidesExistence } from '../user-pools/client-auth.ts';
import { eventAttributes, metadataOf } from './event-parts.ts';
import { invokeTrigger, triggerEvent } from './invoke.ts';

type Deps = Pick<Context, 'region' | 'functions'>;

/**
 * PreAuthentication: when a sign-in starts (InitiateAuth / AdminInitiateAuth, before the password
 * is checked, so in USER_SRP_AUTH before the PASSWORD_VERIFIER challenge is answered), the pool's
 * function may refuse it by failing: UserLambdaValidationException "PreAuthentication failed
 * with error …". `validationData` is the request's ClientMetadata.
 *
 * Cognito runs it for users the pool has; for an unknown user only when the client hides user
 * existence, with `userNotFound: true` (the flag is sent only to such clients).
 */
export async function runPreAuthentication(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    /** The user signing in; undefined when the pool has none by that name. */
    user: User | undefined;
    /** The name as typed, for an unknown user's event. */
    username: string;
    validationData?: Record<string, string>;
  },
): Promise<void> {
  const arn: string | undefined = input.pool.settings.LambdaConfig?.PreAuthentication;
  if (!arn) return;
  const { pool, client, user } = input;
  const hiding = hidesExistence(client);
  if (!user && !hiding) return;
  const event = triggerEvent(ctx, {
    triggerSource: 'PreAuthentication_Authentication',
    userPoolId: pool.id,
    userName: user?.username ?? input.username,
    clientId: client.id,
    request: {
      userAttributes: user ? eventAttributes(pool, user) : {},
      validationData: metadataOf(input.validationData),
      ...(hiding && { userNotFound: !user }),
    },
    response: {},
  });
  await invokeTrigger(ctx, 'PreAuthentication', arn, event);
}

/**
 * PostAuthentication: after a sign-in succeeded and before its tokens are issued, the pool's
 * function runs; if it fails the sign-in answers UserLambdaValidationException "PostAuthentication
 * failed with error …" and no tokens are issued. `clientMetadata` is RespondToAuthChallenge's
 * (Cognito passes none from InitiateAuth); `newDeviceUsed` says the sign-in is from a device the
 * pool does not know yet (only pools that track devices say so).
 */
export async function runPostAuthentication(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    user: User;
    newDeviceUsed: boolean;
    clientMetadata?: Record<string, string>;
  },
): Promise<void> {
  const arn: string | undefined = input.pool.settings.LambdaConfig?.PostAuthentication;
  if (!arn) return;
  const event = triggerEvent(ctx, {
    triggerSource: 'PostAuthentication_Authentication',
    userPoolId: input.pool.id,
    userName: input.user.username,
    clientId: input.client.id,
    request: {
      userAttributes: eventAttributes(input.pool, input.user),
      newDeviceUsed: input.newDeviceUsed,
      clientMetadata: metadataOf(input.clientMetadata),
    },
    response: {},
  });
  await invokeTrigger(ctx, 'PostAuthentication', arn, event);
}
