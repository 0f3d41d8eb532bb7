// Amplify v5's `Auth` object, composed from the standalone functions: an app that imports
// `Auth` gets every method, one that imports only the v6 functions gets none of this file.
import {
  currentUserInfo,
  deleteUserAttributes,
  updateUserAttributes,
  userAttributes,
  verifiedContact,
  verifyCurrentUserAttribute,
  verifyCurrentUserAttributeSubmit,
  verifyUserAttribute,
  verifyUserAttributeSubmit,
} from './auth/attributes.ts';
import { configure } from './auth/configure.ts';
import {
  currentCredentials,
  currentUserCredentials,
  essentialCredentials,
} from './auth/credentials.ts';
import { fetchDevices, forgetDevice, rememberDevice } from './auth/devices.ts';
import { federatedSignIn } from './auth/federated.ts';
import {
  disableSMS,
  enableSMS,
  getMFAOptions,
  getPreferredMFA,
  setPreferredMFA,
  setupTOTP,
  verifyTotpToken,
} from './auth/mfa.ts';
import {
  changePassword,
  deleteUser,
  forgotPassword,
  forgotPasswordSubmit,
} from './auth/password.ts';
import {
  currentAuthenticatedUser,
  currentSession,
  currentUserPoolUser,
  signOut,
  userSession,
} from './auth/session.ts';
import {
  completeNewPassword,
  confirmSignIn,
  sendCustomChallengeAnswer,
  signIn,
} from './auth/sign-in.ts';
import { confirmSignUp, resendSignUp, signUp } from './auth/sign-up.ts';

/**
 * Amplify v5's Auth category: the same method names, arguments, results, errors and Hub
 * events, over fetch and Web Crypto.
 *
 * @example
 * import { Auth } from '@cognate/auth';
 * Auth.configure({ region: 'us-east-1', userPoolId, userPoolWebClientId, endpoint: 'http://127.0.0.1:9229' });
 * await Auth.signIn('ada@example.com', 'Passw0rd!');
 */
export class AuthClass {
  /** Category name, as Amplify registers it. */
  getModuleName(): 'Auth' {
    return 'Auth';
  }
  configure = configure;
  signUp = signUp;
  confirmSignUp = confirmSignUp;
  resendSignUp = resendSignUp;
  signIn = signIn;
  confirmSignIn = confirmSignIn;
  completeNewPassword = completeNewPassword;
  sendCustomChallengeAnswer = sendCustomChallengeAnswer;
  signOut = signOut;
  currentSession = currentSession;
  currentAuthenticatedUser = currentAuthenticatedUser;
  currentUserPoolUser = currentUserPoolUser;
  currentUserInfo = currentUserInfo;
  userSession = userSession;
  userAttributes = userAttributes;
  updateUserAttributes = updateUserAttributes;
  deleteUserAttributes = deleteUserAttributes;
  verifiedContact = verifiedContact;
  verifyUserAttribute = verifyUserAttribute;
  verifyUserAttributeSubmit = verifyUserAttributeSubmit;
  verifyCurrentUserAttribute = verifyCurrentUserAttribute;
  verifyCurrentUserAttributeSubmit = verifyCurrentUserAttributeSubmit;
  changePassword = changePassword;
  forgotPassword = forgotPassword;
  forgotPasswordSubmit = forgotPasswordSubmit;
  deleteUser = deleteUser;
  setupTOTP = setupTOTP;
  verifyTotpToken = verifyTotpToken;
  setPreferredMFA = setPreferredMFA;
  getPreferredMFA = getPreferredMFA;
  getMFAOptions = getMFAOptions;
  enableSMS = enableSMS;
  disableSMS = disableSMS;
  rememberDevice = rememberDevice;
  forgetDevice = forgetDevice;
  fetchDevices = fetchDevices;
  currentCredentials = currentCredentials;
  currentUserCredentials = currentUserCredentials;
  essentialCredentials = essentialCredentials;
  federatedSignIn = federatedSignIn;
}

/** The Auth category (Amplify v5's `Auth` singleton). */
export const Auth: AuthClass = /* @__PURE__ */ new AuthClass();
