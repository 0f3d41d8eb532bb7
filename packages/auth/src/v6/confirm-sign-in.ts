// v6's confirmSignIn: one answer for whichever step signIn (or the last confirmSignIn) left
// pending, sent as aws-amplify v6 sends it (its handleChallengeName).
import { finishSignIn } from '../auth/sign-in.ts';
import { request } from '../internal/client.ts';
import { respond } from '../internal/respond.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { type SignInOutput, signInOutput } from './next-step.ts';
import { stepForError } from './sign-in.ts';
import { AuthV6Error } from './types.ts';

/** v6 confirmSignIn input. */
export interface ConfirmSignInInput {
  /**
   * The answer: a code (SMS, email, TOTP), `SMS` / `TOTP` / `EMAIL` for an MFA selection or
   * setup choice, an email address to set up email MFA, a new password, or a custom answer.
   */
  challengeResponse: string;
  options?: {
    clientMetadata?: Record<string, string>;
    /** Required attributes, for a new password. */
    userAttributes?: Record<string, string>;
    /** The authenticator's name, for TOTP setup. */
    friendlyDeviceName?: string;
  };
}

const CODE_FIELDS: Record<string, string> = {
  SMS_MFA: 'SMS_MFA_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};

const MFA_ANSWERS: Record<string, string> = {
  SMS: 'SMS_MFA',
  TOTP: 'SOFTWARE_TOKEN_MFA',
  EMAIL: 'EMAIL_OTP',
};

/**
 * Answers the pending sign-in step (aws-amplify v6 `confirmSignIn`): the code of
 * CONFIRM_SIGN_IN_WITH_SMS_CODE / _TOTP_CODE / _EMAIL_CODE, `SMS` / `TOTP` / `EMAIL` for
 * CONTINUE_SIGN_IN_WITH_MFA_SELECTION (and `TOTP` / `EMAIL` for _MFA_SETUP_SELECTION), the
 * authenticator's code for CONTINUE_SIGN_IN_WITH_TOTP_SETUP, an email address for
 * CONTINUE_SIGN_IN_WITH_EMAIL_SETUP, the answer of CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE, or
 * the new password. Resolves the next step, or DONE once signed in.
 *
 * @example
 * const { nextStep } = await signIn({ username, password });
 * if (nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') {
 *   showQrCode(nextStep.totpSetupDetails.getSetupUri('MyApp'));
 *   await confirmSignIn({ challengeResponse: codeFromAuthenticator });
 * }
 */
export async function confirmSignIn(input: ConfirmSignInInput): Promise<SignInOutput> {
  const answer = input.challengeResponse;
  if (!answer) {
    throw new AuthV6Error(
      'EmptyChallengeResponse',
      'challengeResponse is required to confirmSignIn',
    );
  }
  const user = getState().signInUser;
  if (!user?.challengeName || !user.Session) {
    // aws-amplify v6's words, whitespace and all.
    throw new AuthV6Error(
      'SignInException',
      '\n\t\t\tAn error occurred during the sign in process.\n\n\t\t\tThis most likely occurred due to:\n\t\t\t1. signIn was not called before confirmSignIn.\n\t\t\t2. signIn threw an exception.\n\t\t\t3. page was refreshed during the sign in flow and session has expired.\n\t\t\t',
      'Make sure a successful call to signIn is made before calling confirmSignInand that the session has not expired.',
    );
  }
  try {
    return await signInOutput(await answerStep(user, user.challengeName, answer, input.options));
  } catch (err) {
    const known = stepForError(err);
    if (known) return known;
    throw err;
  }
}

async function answerStep(
  user: CognitoUser,
  name: string,
  answer: string,
  options: ConfirmSignInInput['options'] = {},
): Promise<CognitoUser> {
  const meta = options.clientMetadata;
  const send = (responses: Record<string, string>, challenge = name) =>
    finishSignIn(user, () => respond(user, challenge, responses, meta));
  const field = CODE_FIELDS[name];
  if (field) return send({ [field]: answer });
  switch (name) {
    case 'CUSTOM_CHALLENGE':
      return send({ ANSWER: answer });
    case 'NEW_PASSWORD_REQUIRED': {
      const responses: Record<string, string> = { NEW_PASSWORD: answer };
      for (const [k, v] of Object.entries(options.userAttributes ?? {})) {
        if (v) responses[`userAttributes.${k}`] = v;
      }
      return send(responses);
    }
    case 'SELECT_MFA_TYPE': {
      const mfa = MFA_ANSWERS[answer];
      if (!mfa) {
        throw new AuthV6Error(
          'IncorrectMFAMethod',
          'Incorrect MFA method was chosen. It should be either SMS, TOTP, or EMAIL',
          'Try to pass SMS, TOTP, or EMAIL as the challengeResponse',
        );
      }
      return send({ ANSWER: mfa });
    }
    case 'MFA_SETUP':
      return answerMfaSetup(user, answer, options, send);
  }
  throw new AuthV6Error(
    'SignInException',
    `An error occurred during the sign in process. ${name} challengeName returned by the underlying service was not addressed.`,
  );
}

/** MFA_SETUP: a choice (`TOTP` / `EMAIL`), the authenticator's first code, or the email address. */
async function answerMfaSetup(
  user: CognitoUser,
  answer: string,
  options: NonNullable<ConfirmSignInInput['options']>,
  send: (responses: Record<string, string>) => Promise<CognitoUser>,
): Promise<CognitoUser> {
  if (answer === 'TOTP' || answer === 'EMAIL') {
    // v6 answers a choice locally: the same challenge, narrowed to the chosen type.
    const only = answer === 'TOTP' ? 'SOFTWARE_TOKEN_MFA' : 'EMAIL_OTP';
    user.challengeParam = { ...user.challengeParam, MFAS_CAN_SETUP: JSON.stringify([only]) };
    return user;
  }
  if (/^\d+$/.test(answer)) {
    const verified = await request<{ Session?: string }>('VerifySoftwareToken', {
      UserCode: answer,
      Session: user.Session,
      FriendlyDeviceName: options.friendlyDeviceName,
    });
    user.Session = verified.Session ?? null;
    return send({});
  }
  if (answer.includes('@')) return send({ EMAIL: answer });
  throw new AuthV6Error(
    'SignInException',
    `Cannot proceed with MFA setup using challengeResponse: ${answer}`,
    'Try passing "EMAIL", "TOTP", a valid email, or OTP code as the challengeResponse.',
  );
}
