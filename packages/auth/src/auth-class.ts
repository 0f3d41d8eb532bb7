// Amplify v5's `Auth` object, composed from the standalone functions: an app that imports
// `Auth` gets every method, one that imports only the v6 functions gets none of this file.
// The sign-in path (configure, signUp, confirmSignUp, signIn, currentSession, signOut) is
// bundled; every other method loads its module on first call, so an app pays for MFA,
// devices, attributes or the hosted UI only when it uses them (bundlers split `import()`).
import { configure } from './auth/configure.ts';
import { essentialCredentials } from './auth/essential-credentials.ts';
import { currentSession, signOut } from './auth/session.ts';
import { signIn } from './auth/sign-in.ts';
import { confirmSignUp, signUp } from './auth/sign-up.ts';
import type * as Extras from './extras.ts';
import { currentUserPoolUser, userSession } from './internal/session.ts';

type X = typeof Extras;

// The methods that load the extras module on their first call.
const LAZY = [
  'resendSignUp',
  'confirmSignIn',
  'completeNewPassword',
  'sendCustomChallengeAnswer',
  'currentAuthenticatedUser',
  'currentUserInfo',
  'userAttributes',
  'updateUserAttributes',
  'deleteUserAttributes',
  'verifiedContact',
  'verifyUserAttribute',
  'verifyUserAttributeSubmit',
  'verifyCurrentUserAttribute',
  'verifyCurrentUserAttributeSubmit',
  'changePassword',
  'forgotPassword',
  'forgotPasswordSubmit',
  'deleteUser',
  'setupTOTP',
  'verifyTotpToken',
  'setPreferredMFA',
  'getPreferredMFA',
  'getMFAOptions',
  'enableSMS',
  'disableSMS',
  'rememberDevice',
  'forgetDevice',
  'fetchDevices',
  'currentCredentials',
  'currentUserCredentials',
  'federatedSignIn',
] as const satisfies readonly (keyof X)[];

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
  constructor() {
    Object.assign(this, {
      configure,
      signUp,
      confirmSignUp,
      signIn,
      signOut,
      currentSession,
      currentUserPoolUser,
      userSession,
      essentialCredentials,
    });
    for (const name of LAZY) {
      (this as Record<string, unknown>)[name] = (...args: unknown[]) =>
        import('./extras.ts').then((m) => (m[name] as (...a: unknown[]) => unknown)(...args));
    }
  }
  /** Category name, as Amplify registers it. */
  getModuleName(): 'Auth' {
    return 'Auth';
  }
  declare configure: typeof configure;
  declare signUp: typeof signUp;
  declare confirmSignUp: typeof confirmSignUp;
  declare signIn: typeof signIn;
  declare signOut: typeof signOut;
  declare currentSession: typeof currentSession;
  declare currentUserPoolUser: typeof currentUserPoolUser;
  declare userSession: typeof userSession;
  declare essentialCredentials: typeof essentialCredentials;
  declare resendSignUp: X['resendSignUp'];
  declare confirmSignIn: X['confirmSignIn'];
  declare completeNewPassword: X['completeNewPassword'];
  declare sendCustomChallengeAnswer: X['sendCustomChallengeAnswer'];
  declare currentAuthenticatedUser: X['currentAuthenticatedUser'];
  declare currentUserInfo: X['currentUserInfo'];
  declare userAttributes: X['userAttributes'];
  declare updateUserAttributes: X['updateUserAttributes'];
  declare deleteUserAttributes: X['deleteUserAttributes'];
  declare verifiedContact: X['verifiedContact'];
  declare verifyUserAttribute: X['verifyUserAttribute'];
  declare verifyUserAttributeSubmit: X['verifyUserAttributeSubmit'];
  declare verifyCurrentUserAttribute: X['verifyCurrentUserAttribute'];
  declare verifyCurrentUserAttributeSubmit: X['verifyCurrentUserAttributeSubmit'];
  declare changePassword: X['changePassword'];
  declare forgotPassword: X['forgotPassword'];
  declare forgotPasswordSubmit: X['forgotPasswordSubmit'];
  declare deleteUser: X['deleteUser'];
  declare setupTOTP: X['setupTOTP'];
  declare verifyTotpToken: X['verifyTotpToken'];
  declare setPreferredMFA: X['setPreferredMFA'];
  declare getPreferredMFA: X['getPreferredMFA'];
  declare getMFAOptions: X['getMFAOptions'];
  declare enableSMS: X['enableSMS'];
  declare disableSMS: X['disableSMS'];
  declare rememberDevice: X['rememberDevice'];
  declare forgetDevice: X['forgetDevice'];
  declare fetchDevices: X['fetchDevices'];
  declare currentCredentials: X['currentCredentials'];
  declare currentUserCredentials: X['currentUserCredentials'];
  declare federatedSignIn: X['federatedSignIn'];
}

/** The Auth category (Amplify v5's `Auth` singleton). */
export const Auth: AuthClass = /* @__PURE__ */ new AuthClass();
