/**
 * Invoking a pool's trigger: Cognito's event shape, and what Cognito does with a failing, slow or
 * odd function, mapped to its errors in one place for every trigger.
 */
import type { Context } from '../context.ts';
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from '../errors.ts';
import { UNKNOWN_SDK_VERSION } from './functions.ts';

/** A trigger's name in LambdaConfig and in Cognito's error messages ("UserMigration"). */
export type TriggerName =
  | 'PreSignUp'
  | 'CustomMessage'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'UserMigration'
  | 'CustomEmailSender'
  | 'CustomSMSSender';

/** The parameters Cognito puts in every trigger event; `request` and `response` vary. */
export interface TriggerEvent<Req = Record<string, unknown>, Res = Record<string, unknown>> {
  /** '1', or the trigger's version where it has several (PreTokenGeneration V2_0 sends '2'). */
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Req;
  response: Res;
}

/** The common parameters of a trigger event. */
export function triggerEvent<Req, Res>(
  ctx: Pick<Context, 'region'>,
  input: {
    triggerSource: string;
    userPoolId: string;
    userName: string;
    clientId: string;
    request: Req;
    response: Res;
  },
): TriggerEvent<Req, Res> {
  return {
    version: '1',
    triggerSource: input.triggerSource,
    region: ctx.region,
    userPoolId: input.userPoolId,
    userName: input.userName,
    callerContext: { awsSdkVersion: UNKNOWN_SDK_VERSION, clientId: input.clientId },
    request: input.request,
    response: input.response,
  };
}

/**
 * Runs trigger `name` (function `arn`) with `event` and returns the event the function gave
 * back, answering as Cognito does when it cannot:
 * - the function fails (throws, rejects, calls back with an error): UserLambdaValidationException
 *   "<name> failed with error <its message>.";
 * - it does not answer within 5 s, or does not exist: UnexpectedLambdaException
 *   "<name> invocation failed due to error …";
 * - it answers with something other than an event object: InvalidLambdaResponseException
 *   "Unrecognizable lambda output".
 */
export async function invokeTrigger<E extends TriggerEvent<unknown, unknown>>(
  ctx: Pick<Context, 'functions'>,
  name: TriggerName,
  arn: string,
  event: E,
): Promise<E> {
  const outcome = await ctx.functions.invoke(arn, event);
  switch (outcome.kind) {
    case 'error': {
      const message = outcome.message.endsWith('.') ? outcome.message : `${outcome.message}.`;
      throw new UserLambdaValidationException(`${name} failed with error ${message}`);
    }
    case 'timeout':
      throw new UnexpectedLambdaException(
        `${name} invocation failed due to error Socket timeout while invoking Lambda function.`,
      );
    case 'unavailable':
      throw new UnexpectedLambdaException(
        `${name} invocation failed due to error ${outcome.message}.`,
        outcome.detail,
      );
    case 'result': {
      const value = outcome.value as { response?: unknown } | null;
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw unrecognizable();
      if (!value.response || typeof value.response !== 'object' || Array.isArray(value.response)) {
        throw unrecognizable();
      }
      return value as E;
    }
  }
}

/** Cognito's answer to a trigger result it cannot read. */
export function unrecognizable() {
  return new InvalidLambdaResponseException('Unrecognizable lambda output');
}
