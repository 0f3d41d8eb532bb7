/**
 * The CustomEmailSender and CustomSMSSender triggers: with one set, the pool's function delivers
 * that channel's messages itself and the server sends none. The function gets the code (or
 * temporary password) and the user's attributes.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html
 *
 * Differences from Cognito, both documented: the code arrives in plain text (Cognito encrypts it
 * with the pool's KMS key, `KMSKeyID`, and the function decrypts it with the AWS Encryption SDK);
 * and the function runs before the operation answers, though, as on Cognito (which invokes these
 * asynchronously), its failure does not fail the operation: it is logged.
 */
import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { eventAttributes, metadataOf, NO_CLIENT } from './event-parts.ts';
import { triggerEvent } from './invoke.ts';

/** The sender function configured for `medium`, if any. */
export function customSenderOf(pool: UserPool, medium: 'EMAIL' | 'SMS'): string | undefined {
  const config = pool.settings.LambdaConfig ?? {};
  return (medium === 'EMAIL' ? config.CustomEmailSender : config.CustomSMSSender)?.LambdaArn;
}

/**
 * Hands a message to the pool's custom sender for `medium`. Returns false when the pool has none
 * (the server then sends the message itself).
 */
export async function runCustomSender(
  ctx: Pick<Context, 'region' | 'functions' | 'log'>,
  input: {
    pool: UserPool;
    user: User;
    medium: 'EMAIL' | 'SMS';
    code: string;
    source: string;
    clientId?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<boolean> {
  const arn = customSenderOf(input.pool, input.medium);
  if (!arn) return false;
  const name = input.medium === 'EMAIL' ? 'CustomEmailSender' : 'CustomSMSSender';
  const event = triggerEvent(ctx, {
    triggerSource: `${name}_${input.source}`,
    userPoolId: input.pool.id,
    userName: input.user.username,
    clientId: input.clientId ?? NO_CLIENT,
    request: {
      type: input.medium === 'EMAIL' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
      code: input.code,
      userAttributes: eventAttributes(input.pool, input.user),
      clientMetadata: metadataOf(input.clientMetadata),
    },
    response: {},
  });
  // Invoked for its effect alone, as Cognito's asynchronous invocation is: what the function
  // returns is not read, and a failure is only logged.
  const outcome = await ctx.functions.invoke(arn, event);
  if (outcome.kind !== 'result') {
    ctx.log.warn(
      { pool: input.pool.id, trigger: name, outcome },
      `${name} did not complete (${outcome.kind}); the message was not delivered`,
    );
  }
  return true;
}
