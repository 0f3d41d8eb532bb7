/**
 * @cognate/auth: Amplify's Auth API for Cognito and Cognate user pools, over fetch and Web
 * Crypto only.
 *
 * - Amplify v5: `import { Amplify, Auth, Hub } from '@cognate/auth'`.
 * - Amplify v6: `import { Amplify, signIn, fetchAuthSession } from '@cognate/auth'`.
 *
 * @packageDocumentation
 */
export { Amplify } from './amplify.ts';
export type { UpdateAttributesResult } from './auth/attributes.ts';
export type { ConfirmSignInMfaType } from './auth/confirm-sign-in.ts';
export type { AuthDevice } from './auth/devices.ts';
export type { FederatedSignInOptions } from './auth/federated.ts';
export type { MfaMethod } from './auth/mfa.ts';
export { CognitoHostedUIIdentityProvider } from './auth/providers.ts';
// v5's currentSession as a function too: the session object (getIdToken(), …) without the class.
export { type CurrentUserOpts, currentSession, type SignOutOpts } from './auth/session.ts';
export type { SignInOpts } from './auth/sign-in.ts';
export type {
  CodeDeliveryDetails,
  ConfirmSignUpOptions,
  SignUpParams,
  SignUpResult,
} from './auth/sign-up.ts';
export { Auth, AuthClass } from './auth-class.ts';
export { CognitoUserAttribute } from './internal/attribute.ts';
export type { AuthOptions, OAuthOptions } from './internal/config.ts';
export { CookieStorage, type CookieStorageOptions } from './internal/cookie-storage.ts';
export { AuthError, NoUserPoolError, type ServiceError } from './internal/errors.ts';
export { Hub, type HubCallback, type HubCapsule, type HubPayload } from './internal/hub.ts';
export type { ICredentials } from './internal/state.ts';
export { type AuthStorage, MemoryStorage } from './internal/storage.ts';
export {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUserSession,
} from './internal/tokens.ts';
export { CognitoUser, type MfaSelectionCallbacks } from './internal/user.ts';
export { type ConfirmSignInInput, confirmSignIn } from './v6/confirm-sign-in.ts';
export { type AWSAuthDevice, fetchDevices, forgetDevice, rememberDevice } from './v6/devices.ts';
export {
  type AuthMFAType,
  fetchMFAPreference,
  type MFAPreference,
  setUpTOTP,
  type TOTPSetupDetails,
  updateMFAPreference,
  verifyTOTPSetup,
} from './v6/mfa.ts';
export {
  type AuthSession,
  confirmResetPassword,
  deleteUser,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  type JWT,
  resetPassword,
  type UpdateUserAttributesOutput,
  updatePassword,
  updateUserAttributes,
} from './v6/session.ts';
export { type SignInInput, type SignInOutput, signIn, signOut } from './v6/sign-in.ts';
export { type SignInWithRedirectInput, signInWithRedirect } from './v6/sign-in-with-redirect.ts';
export {
  confirmSignUp,
  resendSignUpCode,
  type SignUpInput,
  type SignUpOutput,
  signUp,
} from './v6/sign-up.ts';
export { type AuthCodeDeliveryDetails, AuthV6Error } from './v6/types.ts';
