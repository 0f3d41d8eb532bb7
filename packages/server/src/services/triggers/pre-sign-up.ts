/**
 * The PreSignUp trigger: before a user is created, the pool's function may refuse the sign-up
 * (by failing), or confirm the user and mark their email or phone number verified.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
import type { Attributes } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { InvalidLambdaResponseException } from '../errors.ts';
import { metadataOf, NO_CLIENT } from './event-parts.ts';
import { invokeTrigger, triggerEvent, unrecognizable } from './invoke.ts';

/** What created the user: the suffix of `PreSignUp_<source>`. */
export type PreSignUpSource = 'SignUp' | 'AdminCreateUser' | 'ExternalProvider';

/** What the function decided (all false without a trigger). */
export interface PreSignUpOutcome {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

interface PreSignUpRequest {
  userAttributes: Attributes;
  validationData: Record<string, string> | null;
  clientMetadata?: Record<string, string>;
}

const NOTHING: PreSignUpOutcome = {
  autoConfirmUser: false,
  autoVerifyEmail: false,
  autoVerifyPhone: false,
};

/**
 * Runs the pool's PreSignUp trigger for a user about to be created (`userName` is the username
 * it will be stored under, the sub in pools that sign in with email or phone) and reads its
 * answer. Cognito ignores the answer for AdminCreateUser; the other sources apply it.
 *
 * PreSignUp_ExternalProvider is ready for federated sign-in, which no operation runs yet.
 *
 * Errors: a failing function is UserLambdaValidationException "PreSignUp failed with error …"
 * (see `invokeTrigger`); auto-verifying without auto-confirming, or auto-verifying an attribute
 * the user does not have, is InvalidLambdaResponseException.
 */
export async function runPreSignUp(
  ctx: Pick<Context, 'region' | 'functions'>,
  input: {
    pool: UserPool;
    clientId?: string;
    source: PreSignUpSource;
    userName: string;
    attributes: Attributes;
    validationData?: Record<string, string>;
    clientMetadata?: Record<string, string>;
  },
): Promise<PreSignUpOutcome> {
  const arn: string | undefined = input.pool.settings.LambdaConfig?.PreSignUp;
  if (!arn) return NOTHING;
  // The sub is made by the server for the user it is about to store: not the caller's input.
  const { sub: _sub, ...userAttributes } = input.attributes;
  const event = triggerEvent<PreSignUpRequest, PreSignUpOutcome>(ctx, {
    triggerSource: `PreSignUp_${input.source}`,
    userPoolId: input.pool.id,
    userName: input.userName,
    clientId: input.clientId ?? NO_CLIENT,
    request: {
      userAttributes,
      validationData: metadataOf(input.validationData) ?? null,
      clientMetadata: metadataOf(input.clientMetadata),
    },
    response: { ...NOTHING },
  });
  const answer = await invokeTrigger(ctx, 'PreSignUp', arn, event);
  const outcome = readResponse(answer.response as unknown as Record<string, unknown>);
  if (input.source === 'AdminCreateUser') return NOTHING;
  checkOutcome(outcome, userAttributes, input.source);
  return outcome;
}

/** The three flags; each may be left out or null (false), anything but a boolean is refused. */
function readResponse(response: Record<string, unknown>): PreSignUpOutcome {
  const flag = (name: keyof PreSignUpOutcome) => {
    const value = response[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw unrecognizable();
    return value;
  };
  return {
    autoConfirmUser: flag('autoConfirmUser'),
    autoVerifyEmail: flag('autoVerifyEmail'),
    autoVerifyPhone: flag('autoVerifyPhone'),
  };
}

/**
 * Cognito's rules on the flags: an attribute is only auto-verified for a user who is
 * auto-confirmed (its message, seen from SDK users: "Phone or email cannot be auto verified,
 * when user is not being auto confirmed."), and only if the user has it.
 */
function checkOutcome(outcome: PreSignUpOutcome, attributes: Attributes, source: PreSignUpSource) {
  const verifies = outcome.autoVerifyEmail || outcome.autoVerifyPhone;
  // A federated user is confirmed by its provider, whatever the function says.
  if (verifies && !outcome.autoConfirmUser && source === 'SignUp') {
    throw new InvalidLambdaResponseException(
      'Phone or email cannot be auto verified, when user is not being auto confirmed.',
    );
  }
  if (outcome.autoVerifyEmail && !attributes.email) {
    throw new InvalidLambdaResponseException(
      'Email cannot be auto verified: the user has no email.',
    );
  }
  if (outcome.autoVerifyPhone && !attributes.phone_number) {
    throw new InvalidLambdaResponseException(
      'Phone number cannot be auto verified: the user has no phone_number.',
    );
  }
}
