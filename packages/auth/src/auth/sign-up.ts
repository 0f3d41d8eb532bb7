import { request } from '../internal/client.ts';
import { rejectAuthError } from '../internal/errors.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import { createCognitoUser, requirePool } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';

/** Where a code was sent (Cognito's CodeDeliveryDetailsType). */
export interface CodeDeliveryDetails {
  AttributeName?: string;
  DeliveryMedium?: 'EMAIL' | 'SMS';
  Destination?: string;
}

/** signUp's object form (Amplify v5 SignUpParams). */
export interface SignUpParams {
  username: string;
  password: string;
  /** Standard and `custom:` attributes. */
  attributes?: Record<string, string>;
  validationData?: Record<string, string>;
  clientMetadata?: Record<string, string>;
  /** Sign in by itself once the sign-up is confirmed. */
  autoSignIn?: {
    enabled: boolean;
    clientMetaData?: Record<string, string>;
    validationData?: Record<string, string>;
  };
}

/** What signUp resolves with (Amplify v5 ISignUpResult). */
export interface SignUpResult {
  user: CognitoUser;
  userConfirmed: boolean;
  userSub: string;
  codeDeliveryDetails?: CodeDeliveryDetails;
}

const toList = (o?: Record<string, string>) =>
  o ? Object.entries(o).map(([Name, Value]) => ({ Name, Value })) : undefined;

/**
 * Registers a user (Amplify v5 `Auth.signUp`): `signUp({ username, password, attributes })`
 * or the legacy `signUp(username, password, email, phone_number)`. Dispatches `signUp` or
 * `signUp_failure`; with `autoSignIn.enabled`, signs in after confirmation and dispatches
 * `autoSignIn` or `autoSignIn_failure`.
 *
 * @example
 * const { userConfirmed, codeDeliveryDetails } = await signUp({
 *   username: 'ada@example.com', password: 'Passw0rd!', attributes: { name: 'Ada' },
 * });
 */
export async function signUp(
  params: string | SignUpParams,
  ...rest: string[]
): Promise<SignUpResult> {
  requirePool();
  const state = getState();
  let username: string;
  let password: string;
  let attributes: Record<string, string> = {};
  let validationData: Record<string, string> | undefined;
  let clientMetadata = state.config.clientMetadata;
  let autoSignIn: SignUpParams['autoSignIn'] = { enabled: false };
  if (typeof params === 'string' && params) {
    username = params;
    password = rest[0] ?? '';
    if (rest[1]) attributes.email = rest[1];
    if (rest[2]) attributes.phone_number = rest[2];
  } else if (params && typeof params === 'object') {
    ({ username, password } = params);
    attributes = params.attributes ?? {};
    validationData = params.validationData;
    if (params.clientMetadata) clientMetadata = params.clientMetadata;
    autoSignIn = params.autoSignIn ?? { enabled: false };
    if (autoSignIn.enabled) state.storage.setItem('amplify-auto-sign-in', 'true');
  } else {
    return rejectAuthError('signUpError');
  }
  if (!username) return rejectAuthError('emptyUsername');
  if (!password) return rejectAuthError('emptyPassword');
  const { clientId } = requirePool();
  let data: { UserConfirmed: boolean; UserSub: string; CodeDeliveryDetails?: CodeDeliveryDetails };
  try {
    data = await request('SignUp', {
      ClientId: clientId,
      Username: username,
      Password: password,
      UserAttributes: toList(attributes),
      ValidationData: toList(validationData),
      ClientMetadata: clientMetadata,
    });
  } catch (err) {
    dispatchAuthEvent('signUp_failure', err, `${username} failed to signup`);
    throw err;
  }
  const result: SignUpResult = {
    user: createCognitoUser(username),
    userConfirmed: data.UserConfirmed,
    userSub: data.UserSub,
    codeDeliveryDetails: data.CodeDeliveryDetails,
  };
  dispatchAuthEvent('signUp', result, `${username} has signed up successfully`);
  if (autoSignIn.enabled) {
    (await import('../extras.ts')).startAutoSignIn(
      username,
      password,
      autoSignIn.validationData ?? {},
      autoSignIn.clientMetaData ?? {},
      result.userConfirmed,
    );
  }
  return result;
}

/** confirmSignUp options. */
export interface ConfirmSignUpOptions {
  /** Move an email/phone alias held by another user to this one. @default true */
  forceAliasCreation?: boolean;
  clientMetadata?: Record<string, string>;
}

/**
 * Confirms a sign-up with the code the user received (Amplify v5 `Auth.confirmSignUp`);
 * resolves 'SUCCESS' and dispatches `confirmSignUp`.
 */
export async function confirmSignUp(
  username: string,
  code: string,
  options?: ConfirmSignUpOptions,
): Promise<'SUCCESS'> {
  requirePool();
  if (!username) return rejectAuthError('emptyUsername');
  if (!code) return rejectAuthError('emptyCode');
  const state = getState();
  const { clientId } = requirePool();
  await request('ConfirmSignUp', {
    ClientId: clientId,
    ConfirmationCode: code,
    Username: username,
    ForceAliasCreation:
      typeof options?.forceAliasCreation === 'boolean' ? options.forceAliasCreation : true,
    ClientMetadata: options?.clientMetadata ?? state.config.clientMetadata,
  });
  dispatchAuthEvent('confirmSignUp', 'SUCCESS', `${username} has been confirmed successfully`);
  if (state.storage.getItem('amplify-auto-sign-in') === 'true' && !state.autoSignInInitiated) {
    dispatchAuthEvent('autoSignIn_failure', null, 'autoSignInError');
    state.storage.removeItem('amplify-auto-sign-in');
  }
  return 'SUCCESS';
}
