import { setupTOTP, verifyTotpToken } from '../auth/mfa.ts';
import { signOut as signOutV5 } from '../auth/session.ts';
import {
  completeNewPassword,
  confirmSignIn as confirmV5,
  sendCustomChallengeAnswer,
  signIn as signInV5,
} from '../auth/sign-in.ts';
import { currentUserPoolUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { AuthV6Error, toDelivery, v6 } from './types.ts';

/** v6 signIn input. */
export interface SignInInput {
  username: string;
  password?: string;
  options?: {
    authFlowType?:
      | 'USER_SRP_AUTH'
      | 'USER_PASSWORD_AUTH'
      | 'CUSTOM_WITH_SRP'
      | 'CUSTOM_WITHOUT_SRP';
    clientMetadata?: Record<string, string>;
  };
}

/** v6 signIn / confirmSignIn output. */
export interface SignInOutput {
  isSignedIn: boolean;
  nextStep: { signInStep: string } & Record<string, unknown>;
}

// The user whose challenge v6's confirmSignIn answers next (v6 keeps it internally too).
let pending: CognitoUser | null = null;

function outputFor(user: CognitoUser): SignInOutput {
  const name = user.challengeName;
  if (!name) {
    pending = null;
    return { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
  }
  pending = user;
  const p = (user.challengeParam ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'NEW_PASSWORD_REQUIRED':
      return {
        isSignedIn: false,
        nextStep: {
          signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED',
          missingAttributes: p.requiredAttributes,
        },
      };
    case 'CUSTOM_CHALLENGE':
      return {
        isSignedIn: false,
        nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: p },
      };
    case 'SMS_MFA':
      return {
        isSignedIn: false,
        nextStep: {
          signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE',
          codeDeliveryDetails: toDelivery({
            Destination: p.CODE_DELIVERY_DESTINATION as string,
            DeliveryMedium: p.CODE_DELIVERY_DELIVERY_MEDIUM as string,
          }),
        },
      };
    case 'SOFTWARE_TOKEN_MFA':
      return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } };
    case 'SELECT_MFA_TYPE':
      return {
        isSignedIn: false,
        nextStep: {
          signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION',
          allowedMFATypes: JSON.parse(String(p.MFAS_CAN_CHOOSE ?? '[]')).map((m: string) =>
            m === 'SMS_MFA' ? 'SMS' : 'TOTP',
          ),
        },
      };
    case 'MFA_SETUP':
      return { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } };
    default:
      return { isSignedIn: false, nextStep: { signInStep: name } };
  }
}

/**
 * Signs in (aws-amplify v6 `signIn`). An unconfirmed user gets `nextStep.signInStep`
 * `CONFIRM_SIGN_UP` and one who must reset `RESET_PASSWORD`, as v6 reports them.
 *
 * @example
 * const { isSignedIn, nextStep } = await signIn({ username, password });
 */
export async function signIn(input: SignInInput): Promise<SignInOutput> {
  const flow = input.options?.authFlowType;
  // v6 refuses a second sign-in rather than replacing the session.
  const current = await currentUserPoolUser().catch(() => null);
  if (current) {
    throw new AuthV6Error(
      'UserAlreadyAuthenticatedException',
      'There is already a signed in user.',
      'Call signOut before calling signIn again.',
    );
  }
  try {
    // v6 flows map onto v5's: the custom flows are CUSTOM_AUTH with or without a password.
    const password = flow === 'CUSTOM_WITHOUT_SRP' ? undefined : input.password;
    const user = await withFlow(flow, () =>
      signInV5({ username: input.username, password }, undefined, input.options?.clientMetadata),
    );
    return outputFor(user);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'UserNotConfirmedException') {
      return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } };
    }
    if (code === 'PasswordResetRequiredException') {
      return { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } };
    }
    if (typeof err === 'string') throw new AuthV6Error('AuthError', err);
    throw err;
  }
}

async function withFlow<T>(flow: string | undefined, fn: () => Promise<T>): Promise<T> {
  const { config } = getState();
  const before = config.authenticationFlowType;
  if (flow === 'USER_PASSWORD_AUTH' || flow === 'USER_SRP_AUTH')
    config.authenticationFlowType = flow;
  if (flow === 'CUSTOM_WITH_SRP') config.authenticationFlowType = 'CUSTOM_AUTH';
  try {
    return await fn();
  } finally {
    config.authenticationFlowType = before;
  }
}

/**
 * Answers the pending sign-in challenge (aws-amplify v6 `confirmSignIn`): a new password, an
 * MFA or TOTP code, a custom answer, or the MFA choice.
 */
export async function confirmSignIn(input: {
  challengeResponse: string;
  options?: { clientMetadata?: Record<string, string>; userAttributes?: Record<string, string> };
}): Promise<SignInOutput> {
  const user = pending;
  if (!user) {
    throw new AuthV6Error(
      'SignInException',
      'An error occurred during the sign in process. confirmSignIn has been called without a sign-in in progress.',
    );
  }
  const answer = input.challengeResponse;
  const meta = input.options?.clientMetadata;
  switch (user.challengeName) {
    case 'NEW_PASSWORD_REQUIRED':
      return outputFor(
        await completeNewPassword(user, answer, input.options?.userAttributes, meta),
      );
    case 'CUSTOM_CHALLENGE':
      return outputFor(await sendCustomChallengeAnswer(user, answer, meta));
    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
      return outputFor(await confirmV5(user, answer, user.challengeName, meta));
    case 'MFA_SETUP':
      await verifyTotpToken(user, answer);
      user.challengeName = undefined;
      return outputFor(user);
    default:
      throw new AuthV6Error('SignInException', `Unsupported challenge ${user.challengeName}`);
  }
}

/** The secret for an authenticator app during MFA_SETUP (v6 nextStep's totpSetupDetails). */
export async function setUpTOTP(): Promise<{ sharedSecret: string }> {
  if (!pending) throw new AuthV6Error('SignInException', 'No sign-in in progress');
  return { sharedSecret: await setupTOTP(pending) };
}

/** Signs out (aws-amplify v6 `signOut`); `{ global: true }` signs out everywhere. */
export async function signOut(input?: { global?: boolean }): Promise<void> {
  pending = null;
  await v6(() => signOutV5({ global: input?.global ?? false }));
}
