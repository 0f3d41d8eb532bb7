// Amplify v5's autoSignIn after signUp, loaded only when a sign-up asks for it.
import { authenticate } from '../internal/flow.ts';
import { dispatchAuthEvent, Hub, type HubCallback } from '../internal/hub.ts';
import { createCognitoUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import { finishSignIn } from './sign-in.ts';

/** Amplify's handleAutoSignIn: sign in now, after `confirmSignUp`, or by polling (link). */
export function startAutoSignIn(
  username: string,
  password: string,
  validationData: Record<string, string>,
  clientMetadata: Record<string, string>,
  confirmed: boolean,
): void {
  const state = getState();
  state.autoSignInInitiated = true;
  const attempt = async (onDone?: () => void): Promise<boolean> => {
    const user = createCognitoUser(username);
    try {
      const signedIn = await finishSignIn(user, () =>
        authenticate(user, { username, password, validationData, clientMetadata }),
      );
      dispatchAuthEvent('autoSignIn', signedIn, `${username} has signed in successfully`);
      onDone?.();
      state.storage.removeItem('amplify-auto-sign-in');
      return true;
    } catch {
      state.storage.removeItem('amplify-auto-sign-in');
      return false;
    }
  };
  if (confirmed) {
    void attempt();
  } else if (state.config.signUpVerificationMethod === 'link') {
    state.storage.setItem('amplify-polling-started', 'true');
    const start = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - start > 3 * 60 * 1000) {
        clearInterval(timer);
        dispatchAuthEvent(
          'autoSignIn_failure',
          null,
          'Please confirm your account and use your credentials to sign in.',
        );
        state.storage.removeItem('amplify-auto-sign-in');
      } else {
        void attempt(() => {
          clearInterval(timer);
          state.storage.removeItem('amplify-polling-started');
        });
      }
    }, 5000);
  } else {
    const listener: HubCallback = ({ payload }) => {
      if (payload.event === 'confirmSignUp') {
        Hub.remove('auth', listener);
        void attempt();
      }
    };
    Hub.listen('auth', listener);
  }
}
