import { signOut as signOutV5 } from '../auth/session.ts';
import { signInWith } from '../auth/sign-in.ts';
import { currentUserPoolUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import { type SignInOutput, signInOutput } from './next-step.ts';
import { AuthV6Error, v6 } from './types.ts';

export type { SignInOutput };

/** v6 signIn input. */
export interface SignInInput {
  username: string;
  password?: string;
  options?: {
    /**
     * `USER_SRP_AUTH` (the default), `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP` (the password
     * first, then DefineAuthChallenge's challenges) or `CUSTOM_WITHOUT_SRP` (no password).
     */
    authFlowType?:
      | 'USER_SRP_AUTH'
      | 'USER_PASSWORD_AUTH'
      | 'CUSTOM_WITH_SRP'
      | 'CUSTOM_WITHOUT_SRP';
    clientMetadata?: Record<string, string>;
  };
}

/** The step v6 answers for these two service errors, else undefined. */
export function stepForError(err: unknown): SignInOutput | undefined {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'UserNotConfirmedException') {
    return { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } };
  }
  if (code === 'PasswordResetRequiredException') {
    return { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } };
  }
  return undefined;
}

/**
 * Signs in (aws-amplify v6 `signIn`). A pending challenge comes back as `nextStep` (MFA codes,
 * MFA selection or setup, custom challenges, a new password) for `confirmSignIn`; an
 * unconfirmed user gets `CONFIRM_SIGN_UP` and one who must reset `RESET_PASSWORD`.
 *
 * @example
 * const { isSignedIn, nextStep } = await signIn({ username, password });
 * if (nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') await confirmSignIn({ challengeResponse: code });
 */
export async function signIn(input: SignInInput): Promise<SignInOutput> {
  const flow = input.options?.authFlowType;
  const state = getState();
  state.signInUser = null;
  state.api = 'v6';
  if (flow === 'CUSTOM_WITHOUT_SRP' && input.password) {
    throw new AuthV6Error(
      'CustomAuthSignInPassword',
      'A password is not needed when signing in with CUSTOM_WITHOUT_SRP',
      'Do not include a password in your signIn call.',
    );
  }
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
    // v6 sends only the call's clientMetadata (v5's configured one is not v6's).
    const user = await withFlow(flow, () =>
      signInWith({ username: input.username, password }, undefined, input.options?.clientMetadata),
    );
    return await signInOutput(user);
  } catch (err) {
    const known = stepForError(err);
    if (known) return known;
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
 * Signs out (aws-amplify v6 `signOut`); `{ global: true }` signs out everywhere. Forgets the
 * identity-pool credentials and identity id, the kept guest one too, as v6 does.
 */
export async function signOut(input?: { global?: boolean }): Promise<void> {
  const state = getState();
  state.signInUser = null;
  const pool = state.config.identityPoolId;
  // aws-amplify v6's IdentityIdStore key (a wire name: never rename).
  if (pool) state.storage.removeItem(`com.amplify.Cognito.${pool}.identityId`);
  await v6(() => signOutV5({ global: input?.global ?? false }));
}
