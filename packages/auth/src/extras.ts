// Everything the sign-in path does not need, behind one import(): the library loads this module
// the first time an app uses any of it (MFA, devices, custom challenges, attributes, passwords,
// credentials, the hosted UI), so the sign-in path stays small. One module rather than one per
// feature: each module shared between the sign-in path and a lazy one costs the sign-in path a
// chunk of its own.
export {
  currentUserInfo,
  deleteUserAttributes,
  updateResultList,
  updateUserAttributes,
  userAttributes,
  verifiedContact,
  verifyCurrentUserAttribute,
  verifyCurrentUserAttributeSubmit,
  verifyUserAttribute,
  verifyUserAttributeSubmit,
} from './auth/attributes.ts';
export { startAutoSignIn } from './auth/auto-sign-in.ts';
export {
  completeNewPassword,
  confirmSignIn,
  sendCustomChallengeAnswer,
} from './auth/confirm-sign-in.ts';
export {
  credentialsAfterSignIn,
  currentCredentials,
  currentUserCredentials,
  sessionCredentials,
} from './auth/credentials.ts';
export { currentAuthenticatedUser } from './auth/current-user.ts';
export { fetchDevices, forgetDevice, rememberDevice } from './auth/devices.ts';
export { federatedSignIn } from './auth/federated.ts';
export { completeRedirect, handleAuthResponse, hostedUISignOut } from './auth/hosted-ui.ts';
export {
  disableSMS,
  enableSMS,
  getMFAOptions,
  getPreferredMFA,
  sendMFASelectionAnswer,
  setPreferredMFA,
  setupTOTP,
  verifyTotpToken,
} from './auth/mfa.ts';
export { signInWithRedirect } from './auth/oauth-v6.ts';
export {
  changePassword,
  deleteUser,
  forgotPassword,
  forgotPasswordSubmit,
} from './auth/password.ts';
export { resendSignUp } from './auth/resend-sign-up.ts';
export { confirmDevice, deviceAuth } from './internal/device-auth.ts';
