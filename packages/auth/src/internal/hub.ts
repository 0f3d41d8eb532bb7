import { getState } from './state.ts';

/** What a Hub listener receives (Amplify's HubCapsule). */
export interface HubCapsule {
  channel: string;
  payload: HubPayload;
  source: string;
  patternInfo?: string[];
}

/** An event: `event` name, optional `data` and `message`. */
export interface HubPayload {
  event: string;
  data?: unknown;
  message?: string;
}

/** A Hub listener. */
export type HubCallback = (capsule: HubCapsule) => void;

const listeners = new Map<string, Set<HubCallback>>();

/**
 * Amplify's event bus. The library dispatches on the `auth` channel with Amplify v5's event
 * names: `signIn`, `signIn_failure`, `signUp`, `signUp_failure`, `confirmSignUp`, `autoSignIn`,
 * `autoSignIn_failure`, `signOut`, `tokenRefresh`, `tokenRefresh_failure`, `forgotPassword`,
 * `forgotPassword_failure`, `forgotPasswordSubmit`, `forgotPasswordSubmit_failure`,
 * `configured`, `userDeleted`, `updateUserAttributes`, `updateUserAttributes_failure`,
 * `completeNewPassword_failure`, `verify`.
 *
 * @example
 * const stop = Hub.listen('auth', ({ payload }) => console.log(payload.event));
 */
export const Hub = {
  /** Calls `callback` for every event on `channel`; returns a function that stops it. */
  listen(channel: string, callback: HubCallback): () => void {
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
    }
    set.add(callback);
    return () => Hub.remove(channel, callback);
  },
  /** Stops `callback` listening on `channel`. */
  remove(channel: string, callback: HubCallback): void {
    listeners.get(channel)?.delete(callback);
  },
  /** Sends `payload` to the listeners of `channel`; a throwing listener does not stop others. */
  dispatch(channel: string, payload: HubPayload, source = ''): void {
    for (const cb of [...(listeners.get(channel) ?? [])]) {
      try {
        cb({ channel, payload, source, patternInfo: [] });
      } catch (err) {
        console.error(err);
      }
    }
  },
};

/**
 * Dispatches an `auth` event as Amplify's Auth does (source `Auth`), first keeping the
 * `amplify-signin-with-hostedUI` flag Amplify v5 writes on sign-in and sign-out, so both
 * libraries leave the same keys in a shared storage.
 */
export function dispatchAuthEvent(event: string, data: unknown, message: string): void {
  const { storage } = getState();
  if (event === 'signIn' || event === 'verify') {
    storage.setItem('amplify-signin-with-hostedUI', 'false');
  } else if (event === 'signOut') {
    storage.removeItem('amplify-signin-with-hostedUI');
  } else if (event === 'cognitoHostedUI') {
    storage.setItem('amplify-signin-with-hostedUI', 'true');
  }
  Hub.dispatch('auth', { event, data, message }, 'Auth');
}
