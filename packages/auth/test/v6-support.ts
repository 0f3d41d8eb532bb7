// The two v6 APIs the tests drive side by side: aws-amplify v6's functions and @cognate/auth's,
// each configured for a pool with its own storage, and their outputs made comparable.
import type { TestStorage } from '@cognate/server/testing';
import { Amplify as AmplifyV6 } from 'aws-amplify';
import * as theirs from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import * as ours from '../src/index.ts';
import type { Ids } from './flows-support.ts';

/** The v6 functions both libraries export, with loose types so one scenario drives either. */
export interface V6Lib {
  name: string;
  configure(ids: Ids, endpoint: string, storage: TestStorage): void;
  signIn(input: {
    username: string;
    password?: string;
    options?: { authFlowType?: string; clientMetadata?: Record<string, string> };
  }): Promise<unknown>;
  confirmSignIn(input: {
    challengeResponse: string;
    options?: Record<string, unknown>;
  }): Promise<unknown>;
  signOut(input?: { global?: boolean }): Promise<void>;
  fetchAuthSession(): Promise<{ tokens?: unknown }>;
  setUpTOTP(): Promise<{ sharedSecret: string; getSetupUri(app: string, account?: string): URL }>;
  verifyTOTPSetup(input: { code: string }): Promise<void>;
  updateMFAPreference(input: Record<string, string>): Promise<void>;
  fetchMFAPreference(): Promise<unknown>;
  rememberDevice(): Promise<void>;
  forgetDevice(input?: { device: { id: string } }): Promise<void>;
  fetchDevices(): Promise<{ id: string }[]>;
}

/** aws-amplify v6 and @cognate/auth, in that order. */
export const V6_LIBRARIES: V6Lib[] = [
  {
    name: 'aws-amplify v6',
    configure(ids, endpoint, storage) {
      AmplifyV6.configure({
        Auth: {
          Cognito: {
            userPoolId: ids.poolId,
            userPoolClientId: ids.clientId,
            userPoolEndpoint: endpoint,
          },
        },
      });
      cognitoUserPoolsTokenProvider.setKeyValueStorage({
        setItem: async (k, v) => void storage.setItem(k, v),
        getItem: async (k) => storage.getItem(k),
        removeItem: async (k) => void storage.removeItem(k),
        clear: async () => void storage.clear(),
      });
    },
    ...(theirs as unknown as Omit<V6Lib, 'name' | 'configure'>),
  },
  {
    name: '@cognate/auth',
    configure(ids, endpoint, storage) {
      ours.Amplify.configure({
        Auth: {
          Cognito: {
            userPoolId: ids.poolId,
            userPoolClientId: ids.clientId,
            userPoolEndpoint: endpoint,
          },
        },
      });
      ours.Amplify.configure({ Auth: { storage } });
    },
    ...(ours as unknown as Omit<V6Lib, 'name' | 'configure'>),
  },
];

/**
 * A v6 output as both libraries can show it: TOTP setup details by their secret's shape and
 * their URI, delivery destinations with their digits hidden.
 */
export function simplifyV6(result: unknown): unknown {
  return JSON.parse(
    JSON.stringify(result ?? null, (key, value) => {
      if (typeof value?.getSetupUri === 'function') {
        return {
          secret: /^[A-Z2-7]{16,}$/.test(value.sharedSecret),
          uri: value.getSetupUri('Cognate', 'ada').href.replace(value.sharedSecret, '<secret>'),
          // The default account name: v6 quotes the signed-in user's name.
          defaultUri: value.getSetupUri('Cognate').href.replace(value.sharedSecret, '<secret>'),
        };
      }
      if (key === 'destination' && typeof value === 'string') return value.replace(/\d/g, 'N');
      return value;
    }),
  );
}

/** The TOTP secret inside a sign-in output's totpSetupDetails. */
export function setupSecret(result: unknown): string {
  return (result as { nextStep: { totpSetupDetails: { sharedSecret: string } } }).nextStep
    .totpSetupDetails.sharedSecret;
}
