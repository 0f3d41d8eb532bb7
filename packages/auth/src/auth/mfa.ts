import { request } from '../internal/client.ts';
import { rejectAuthError } from '../internal/errors.ts';
import { type AuthResponse, handleResponse } from '../internal/flow.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { accessTokenOf, getUserData, withSessionCleanup } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUserSession } from '../internal/tokens.ts';
import type { CognitoUser, MfaSelectionCallbacks } from '../internal/user.ts';

/** The MFA methods setPreferredMFA takes. */
export type MfaMethod = 'TOTP' | 'SMS' | 'NOMFA' | 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA';

type UserData = {
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
  MFAOptions?: unknown[];
};

function mfaTypeOf(data: UserData): string | null {
  if (data.PreferredMfaSetting) return data.PreferredMfaSetting;
  if (!data.UserMFASettingList) return data.MFAOptions ? 'SMS_MFA' : 'NOMFA';
  return data.UserMFASettingList.length === 0 ? 'NOMFA' : null;
}

/**
 * The user's preferred MFA (`SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `NOMFA`), from GetUser
 * (Amplify v5 `Auth.getPreferredMFA`).
 */
export async function getPreferredMFA(
  user: CognitoUser,
  params?: { bypassCache?: boolean },
): Promise<string> {
  const data = (await withSessionCleanup(user, () =>
    getUserData(user, {
      bypassCache: params?.bypassCache,
      clientMetadata: getState().config.clientMetadata,
    }),
  )) as UserData;
  const type = mfaTypeOf(data);
  if (!type) throw 'invalid MFA Type';
  return type;
}

/**
 * Sets the preferred MFA method (SetUserMFAPreference), as Amplify v5 `Auth.setPreferredMFA`:
 * `TOTP`/`SOFTWARE_TOKEN_MFA`, `SMS`/`SMS_MFA`, or `NOMFA` to turn MFA off. Resolves 'SUCCESS'.
 */
export async function setPreferredMFA(user: CognitoUser, mfaMethod: MfaMethod): Promise<string> {
  const clientMetadata = getState().config.clientMetadata;
  const data = (await withSessionCleanup(user, () =>
    getUserData(user, { bypassCache: true, clientMetadata }),
  )) as UserData;
  const on = { PreferredMfa: true, Enabled: true };
  const off = { PreferredMfa: false, Enabled: false };
  let sms: typeof on | null = null;
  let totp: typeof on | null = null;
  switch (mfaMethod) {
    case 'TOTP':
    case 'SOFTWARE_TOKEN_MFA':
      totp = on;
      break;
    case 'SMS':
    case 'SMS_MFA':
      sms = on;
      break;
    case 'NOMFA': {
      const currentType = mfaTypeOf(data);
      if (currentType === 'NOMFA') return 'No change for mfa type';
      if (currentType === 'SMS_MFA') sms = off;
      else if (currentType === 'SOFTWARE_TOKEN_MFA') totp = off;
      else return rejectAuthError('invalidMFA');
      for (const t of data.UserMFASettingList ?? []) {
        if (t === 'SMS_MFA') sms = off;
        else if (t === 'SOFTWARE_TOKEN_MFA') totp = off;
      }
      break;
    }
    default:
      return rejectAuthError('noMFA');
  }
  await request('SetUserMFAPreference', {
    SMSMfaSettings: sms ?? undefined,
    SoftwareTokenMfaSettings: totp ?? undefined,
    AccessToken: accessTokenOf(user),
  });
  await withSessionCleanup(user, () => getUserData(user, { bypassCache: true, clientMetadata }));
  return 'SUCCESS';
}

/**
 * Starts TOTP setup (AssociateSoftwareToken) and resolves the secret for the authenticator app
 * (Amplify v5 `Auth.setupTOTP`). Works signed in, or during an MFA_SETUP challenge.
 */
export async function setupTOTP(user: CognitoUser): Promise<string> {
  const signedIn = user.signInUserSession?.isValid();
  const res = await request<{ SecretCode: string; Session?: string }>(
    'AssociateSoftwareToken',
    signedIn ? { AccessToken: accessTokenOf(user) } : { Session: user.Session },
  );
  if (res.Session) user.Session = res.Session;
  return res.SecretCode;
}

/**
 * Verifies a TOTP code (VerifySoftwareToken), as Amplify v5 `Auth.verifyTotpToken`. During
 * MFA_SETUP it then completes sign-in and resolves the session (dispatching `signIn`);
 * signed in, it resolves Cognito's response. Dispatches `verify`.
 */
export async function verifyTotpToken(
  user: CognitoUser,
  challengeAnswer: string,
): Promise<CognitoUserSession | Record<string, unknown>> {
  const isLoggedIn = !!user.signInUserSession?.isValid();
  let result: CognitoUserSession | Record<string, unknown>;
  if (isLoggedIn) {
    result = await request('VerifySoftwareToken', {
      AccessToken: accessTokenOf(user),
      UserCode: challengeAnswer,
      FriendlyDeviceName: 'My TOTP device',
    });
  } else {
    const verified = await request<{ Session?: string }>('VerifySoftwareToken', {
      Session: user.Session,
      UserCode: challengeAnswer,
      FriendlyDeviceName: 'My TOTP device',
    });
    user.Session = verified.Session ?? user.Session;
    const res = await request<AuthResponse>('RespondToAuthChallenge', {
      ChallengeName: 'MFA_SETUP',
      ClientId: user.pool.clientId,
      ChallengeResponses: { USERNAME: user.username },
      Session: user.Session,
    });
    const { challengeName, challengeParam } = user;
    await handleResponse(user, res);
    // identity-js's verifySoftwareToken leaves the MFA_SETUP challenge on the user.
    user.challengeName = challengeName;
    user.challengeParam = challengeParam;
    result = user.signInUserSession ?? {};
    dispatchAuthEvent('signIn', user, `A user ${user.getUsername()} has been signed in`);
  }
  dispatchAuthEvent('verify', user, `A user ${user.getUsername()} has been verified`);
  return result;
}

/** The user's legacy SMS MFA options (GetUser `MFAOptions`), as Amplify v5 `Auth.getMFAOptions`. */
export async function getMFAOptions(user: CognitoUser): Promise<unknown[] | undefined> {
  const data = await request<UserData>('GetUser', { AccessToken: accessTokenOf(user) });
  return data.MFAOptions;
}

/** Turns SMS MFA on (legacy SetUserSettings); resolves 'SUCCESS'. */
export async function enableSMS(user: CognitoUser): Promise<'SUCCESS'> {
  await request('SetUserSettings', {
    MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
    AccessToken: accessTokenOf(user),
  });
  return 'SUCCESS';
}

/** Turns SMS MFA off (legacy SetUserSettings); resolves 'SUCCESS'. */
export async function disableSMS(user: CognitoUser): Promise<'SUCCESS'> {
  await request('SetUserSettings', { MFAOptions: [], AccessToken: accessTokenOf(user) });
  return 'SUCCESS';
}

/**
 * Answers SELECT_MFA_TYPE with `SMS_MFA` or `SOFTWARE_TOKEN_MFA` (`EMAIL_OTP` too), as
 * identity-js's `user.sendMFASelectionAnswer` does: the next challenge goes to `mfaRequired`
 * or `totpRequired`, and `Auth.confirmSignIn(user, code, challengeName)` answers it.
 */
export async function sendMFASelectionAnswer(
  user: CognitoUser,
  answer: string,
  callback: MfaSelectionCallbacks,
): Promise<void> {
  let res: AuthResponse;
  try {
    res = await request<AuthResponse>('RespondToAuthChallenge', {
      ChallengeName: 'SELECT_MFA_TYPE',
      ChallengeResponses: { USERNAME: user.username, ANSWER: answer },
      ClientId: user.pool.clientId,
      Session: user.Session,
    });
  } catch (err) {
    callback.onFailure(err);
    return;
  }
  user.Session = res.Session ?? null;
  const name = res.ChallengeName ?? '';
  const params = res.ChallengeParameters ?? {};
  if (answer === 'SOFTWARE_TOKEN_MFA') callback.totpRequired?.(name, params);
  else callback.mfaRequired?.(name, params);
}
