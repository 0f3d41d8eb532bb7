// v6's MFA settings for the signed-in user: TOTP setup and the MFA preference.
import { request } from '../internal/client.ts';
import { currentUserPoolUser, userSession } from '../internal/session.ts';
import type { CognitoUserSession } from '../internal/tokens.ts';
import { mfaNames, type TOTPSetupDetails, totpSetupDetails } from './next-step.ts';
import { AuthV6Error, v6 } from './types.ts';

export type { TOTPSetupDetails };

/** A factor's setting in updateMFAPreference. */
export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';

/** v6's MFA names. */
export type AuthMFAType = 'SMS' | 'TOTP' | 'EMAIL';

/** The signed-in user's session (refreshed when due), or v6's UserUnAuthenticatedException. */
async function session(): Promise<CognitoUserSession> {
  return v6(async () => userSession(await currentUserPoolUser()));
}

async function accessToken(): Promise<string> {
  return (await session()).getAccessToken().getJwtToken();
}

/**
 * Starts TOTP setup for the signed-in user (aws-amplify v6 `setUpTOTP`): AssociateSoftwareToken,
 * resolving the secret and `getSetupUri(appName, accountName?)` for an authenticator app.
 * `verifyTOTPSetup` then checks the first code.
 *
 * @example
 * const details = await setUpTOTP();
 * const uri = details.getSetupUri('MyApp', 'ada@example.com'); // otpauth://totp/…
 */
export async function setUpTOTP(): Promise<TOTPSetupDetails> {
  const s = await session();
  const res = await request<{ SecretCode?: string }>('AssociateSoftwareToken', {
    AccessToken: s.getAccessToken().getJwtToken(),
  });
  if (!res.SecretCode) throw new AuthV6Error('SetUpTOTPException', 'Failed to set up TOTP.');
  // v6 passes the username through JSON.stringify, quotes and all, as the default account name.
  const username = s.getIdToken().decodePayload()['cognito:username'] ?? '';
  return totpSetupDetails(res.SecretCode, JSON.stringify(username));
}

/** Verifies the first code of the authenticator set up by setUpTOTP (aws-amplify v6 `verifyTOTPSetup`). */
export async function verifyTOTPSetup(input: {
  code: string;
  options?: { friendlyDeviceName?: string };
}): Promise<void> {
  if (!input.code) {
    throw new AuthV6Error('EmptyVerifyTOTPSetupCode', 'code is required to verifyTotpSetup');
  }
  await request('VerifySoftwareToken', {
    AccessToken: await accessToken(),
    UserCode: input.code,
    FriendlyDeviceName: input.options?.friendlyDeviceName,
  });
}

function settings(p?: MFAPreference) {
  if (p === 'DISABLED') return { Enabled: false };
  if (p === 'PREFERRED') return { Enabled: true, PreferredMfa: true };
  if (p === 'ENABLED') return { Enabled: true };
  if (p === 'NOT_PREFERRED') return { Enabled: true, PreferredMfa: false };
  return undefined;
}

/**
 * Sets which factors are enabled and preferred (aws-amplify v6 `updateMFAPreference`,
 * SetUserMFAPreference); a factor left out keeps its setting.
 *
 * @example
 * await updateMFAPreference({ totp: 'PREFERRED', sms: 'ENABLED' });
 */
export async function updateMFAPreference(input: {
  sms?: MFAPreference;
  totp?: MFAPreference;
  email?: MFAPreference;
}): Promise<void> {
  await request('SetUserMFAPreference', {
    AccessToken: await accessToken(),
    SMSMfaSettings: settings(input.sms),
    SoftwareTokenMfaSettings: settings(input.totp),
    EmailMfaSettings: settings(input.email),
  });
}

/** The enabled and preferred factors (aws-amplify v6 `fetchMFAPreference`, from GetUser). */
export async function fetchMFAPreference(): Promise<{
  preferred?: AuthMFAType;
  enabled?: AuthMFAType[];
}> {
  const data = await request<{ PreferredMfaSetting?: string; UserMFASettingList?: string[] }>(
    'GetUser',
    { AccessToken: await accessToken() },
  );
  return {
    preferred: mfaNames([data.PreferredMfaSetting ?? ''])[0] as AuthMFAType | undefined,
    enabled: data.UserMFASettingList
      ? (mfaNames(data.UserMFASettingList) as AuthMFAType[])
      : undefined,
  };
}
