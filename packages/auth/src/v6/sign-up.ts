import { resendSignUp } from '../auth/resend-sign-up.ts';
import { confirmSignUp as confirmV5, signUp as signUpV5 } from '../auth/sign-up.ts';
import { type AuthCodeDeliveryDetails, toDelivery, v6 } from './types.ts';

/** v6 signUp input. */
export interface SignUpInput {
  username: string;
  password: string;
  options?: {
    userAttributes?: Record<string, string>;
    validationData?: Record<string, string>;
    clientMetadata?: Record<string, string>;
    autoSignIn?: boolean | { clientMetadata?: Record<string, string> };
  };
}

/** v6 signUp / confirmSignUp output. */
export interface SignUpOutput {
  isSignUpComplete: boolean;
  userId?: string;
  nextStep:
    | { signUpStep: 'CONFIRM_SIGN_UP'; codeDeliveryDetails: AuthCodeDeliveryDetails }
    | { signUpStep: 'DONE' }
    | { signUpStep: 'COMPLETE_AUTO_SIGN_IN' };
}

/**
 * Registers a user (aws-amplify v6 `signUp`).
 * @example
 * const { nextStep } = await signUp({ username, password, options: { userAttributes: { email } } });
 */
export async function signUp(input: SignUpInput): Promise<SignUpOutput> {
  const o = input.options ?? {};
  const auto = o.autoSignIn;
  const res = await v6(() =>
    signUpV5({
      username: input.username,
      password: input.password,
      attributes: o.userAttributes,
      validationData: o.validationData,
      clientMetadata: o.clientMetadata,
      autoSignIn: auto
        ? {
            enabled: true,
            clientMetaData: typeof auto === 'object' ? auto.clientMetadata : undefined,
          }
        : undefined,
    }),
  );
  if (res.userConfirmed) {
    return {
      isSignUpComplete: true,
      userId: res.userSub,
      nextStep: { signUpStep: auto ? 'COMPLETE_AUTO_SIGN_IN' : 'DONE' },
    };
  }
  return {
    isSignUpComplete: false,
    userId: res.userSub,
    nextStep: {
      signUpStep: 'CONFIRM_SIGN_UP',
      codeDeliveryDetails: toDelivery(res.codeDeliveryDetails),
    },
  };
}

/** Confirms a sign-up with its code (aws-amplify v6 `confirmSignUp`). */
export async function confirmSignUp(input: {
  username: string;
  confirmationCode: string;
  options?: { clientMetadata?: Record<string, string>; forceAliasCreation?: boolean };
}): Promise<SignUpOutput> {
  await v6(() => confirmV5(input.username, input.confirmationCode, input.options));
  return { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } };
}

/** Sends the sign-up code again (aws-amplify v6 `resendSignUpCode`). */
export async function resendSignUpCode(input: {
  username: string;
  options?: { clientMetadata?: Record<string, string> };
}): Promise<AuthCodeDeliveryDetails> {
  const res = await v6(() => resendSignUp(input.username, input.options?.clientMetadata));
  return toDelivery(res.CodeDeliveryDetails);
}
