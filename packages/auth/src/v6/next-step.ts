// What v6's signIn and confirmSignIn answer: `isSignedIn` and the `nextStep` for the pending
// challenge, with aws-amplify v6's step names and fields (its getSignInResult).
import { request } from '../internal/client.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { AuthV6Error } from './types.ts';

/** v6 signIn / confirmSignIn output. */
export interface SignInOutput {
  isSignedIn: boolean;
  nextStep: { signInStep: string } & Record<string, unknown>;
}

/** v6's TOTP setup details: the secret and an `otpauth://` URI for authenticator apps. */
export interface TOTPSetupDetails {
  sharedSecret: string;
  getSetupUri(appName: string, accountName?: string): URL;
}

/** The details v6 hands out for a TOTP secret (its getTOTPSetupDetails). */
export function totpSetupDetails(secret: string, username: string): TOTPSetupDetails {
  return {
    sharedSecret: secret,
    getSetupUri: (appName, accountName) =>
      new URL(
        `otpauth://totp/${appName}:${accountName ?? username}?secret=${secret}&issuer=${appName}`,
      ),
  };
}

const MFA_NAMES: Record<string, string> = {
  SMS_MFA: 'SMS',
  SOFTWARE_TOKEN_MFA: 'TOTP',
  EMAIL_OTP: 'EMAIL',
};

/** Cognito's MFA challenge names as v6's `SMS` / `TOTP` / `EMAIL`, unknown ones left out. */
export function mfaNames(list: string[]): string[] {
  return list.map((t) => MFA_NAMES[t]).filter(Boolean) as string[];
}

/** A challenge parameter's JSON list of MFA names (MFAS_CAN_CHOOSE, MFAS_CAN_SETUP), as v6's. */
export function mfaTypes(json: unknown): string[] {
  return mfaNames(JSON.parse(typeof json === 'string' && json ? json : '[]'));
}

const step = (signInStep: string, more: Record<string, unknown> = {}): SignInOutput => ({
  isSignedIn: false,
  nextStep: { signInStep, ...more },
});

const delivery = (p: Record<string, unknown>) => ({
  deliveryMedium: p.CODE_DELIVERY_DELIVERY_MEDIUM,
  destination: p.CODE_DELIVERY_DESTINATION,
});

/**
 * The output for `user` after a sign-in step: DONE when signed in, else the pending challenge's
 * step, remembered for confirmSignIn. MFA_SETUP with only TOTP to set up starts the setup
 * (AssociateSoftwareToken) and hands out its `totpSetupDetails`, as v6 does.
 */
export async function signInOutput(user: CognitoUser): Promise<SignInOutput> {
  const state = getState();
  const name = user.challengeName;
  if (!name) {
    state.signInUser = null;
    return { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
  }
  state.signInUser = user;
  const p = user.challengeParam ?? {};
  switch (name) {
    case 'CUSTOM_CHALLENGE':
      return step('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', { additionalInfo: p });
    case 'NEW_PASSWORD_REQUIRED':
      return step('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', {
        missingAttributes: p.requiredAttributes,
      });
    case 'SELECT_MFA_TYPE':
      return step('CONTINUE_SIGN_IN_WITH_MFA_SELECTION', {
        allowedMFATypes: mfaTypes(p.MFAS_CAN_CHOOSE),
      });
    case 'SMS_MFA':
    case 'SMS_OTP':
      return step('CONFIRM_SIGN_IN_WITH_SMS_CODE', { codeDeliveryDetails: delivery(p) });
    case 'EMAIL_OTP':
      return step('CONFIRM_SIGN_IN_WITH_EMAIL_CODE', { codeDeliveryDetails: delivery(p) });
    case 'SOFTWARE_TOKEN_MFA':
      return step('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    case 'MFA_SETUP':
      return mfaSetupStep(user, mfaTypes(p.MFAS_CAN_SETUP));
  }
  state.signInUser = null;
  throw new AuthV6Error(
    'SignInException',
    `An error occurred during the sign in process. ${name} challengeName returned by the underlying service was not addressed.`,
  );
}

async function mfaSetupStep(user: CognitoUser, types: string[]): Promise<SignInOutput> {
  const allowed = types.filter((t) => t === 'TOTP' || t === 'EMAIL');
  if (allowed.length === 2) {
    return step('CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', { allowedMFATypes: allowed });
  }
  if (allowed[0] === 'EMAIL') return step('CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
  if (allowed[0] === 'TOTP') {
    const res = await request<{ SecretCode: string; Session?: string }>('AssociateSoftwareToken', {
      Session: user.Session,
    });
    user.Session = res.Session ?? null;
    return step('CONTINUE_SIGN_IN_WITH_TOTP_SETUP', {
      totpSetupDetails: totpSetupDetails(res.SecretCode, user.username),
    });
  }
  throw new AuthV6Error(
    'SignInException',
    `Cannot initiate MFA setup from available types: ${types}`,
  );
}
