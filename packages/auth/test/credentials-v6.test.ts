// Identity-pool credentials through v6's fetchAuthSession, aws-amplify v6 and @cognate/auth side
// by side against one server configured with identityPoolEndpoint: the same calls on the wire,
// the same identity ids (a guest identity linked at sign-in), refresh, and sign-out.
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { DeleteIdentitiesCommand } from '@aws-sdk/client-cognito-identity';
import { memoryStorage, PASSWORD, type TestStorage } from '@cognate/server/testing';
import { Amplify as AmplifyV6 } from 'aws-amplify';
import * as theirs from 'aws-amplify/auth';
import {
  CognitoAWSCredentialsAndIdentityIdProvider,
  cognitoUserPoolsTokenProvider,
  DefaultIdentityIdStore,
} from 'aws-amplify/auth/cognito';
import * as ours from '../src/index.ts';
import {
  type CredentialsFixture,
  credentialsUser,
  labeller,
  loginsOf,
  normalizeCalls,
  recordIdentityCalls,
  startCredentialsFixture,
} from './credentials-support.ts';
import { stores } from './flows-support.ts';

interface Session {
  tokens?: { idToken?: unknown };
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration?: Date;
  };
  identityId?: string;
}

interface Lib {
  name: string;
  configure(f: CredentialsFixture, storage: TestStorage, guests: boolean): void;
  signIn(input: { username: string; password: string }): Promise<unknown>;
  signOut(): Promise<void>;
  fetchAuthSession(options?: { forceRefresh?: boolean }): Promise<Session>;
}

const cognito = (f: CredentialsFixture, guests: boolean) => ({
  userPoolId: f.poolId,
  userPoolClientId: f.clientId,
  userPoolEndpoint: f.t.url,
  identityPoolId: f.identityPoolId,
  identityPoolEndpoint: f.t.url,
  ...(guests ? { allowGuestAccess: true } : {}),
});

const LIBS: Lib[] = [
  {
    name: 'aws-amplify v6',
    configure(f, storage, guests) {
      const kv = {
        setItem: async (k: string, v: string) => void storage.setItem(k, v),
        getItem: async (k: string) => storage.getItem(k),
        removeItem: async (k: string) => void storage.removeItem(k),
        clear: async () => void storage.clear(),
      };
      cognitoUserPoolsTokenProvider.setKeyValueStorage(kv);
      // A provider of its own per run, keeping the identity id in the test's storage.
      const credentialsProvider = new CognitoAWSCredentialsAndIdentityIdProvider(
        new DefaultIdentityIdStore(kv),
      );
      // With its own providers, Amplify.configure leaves their configuration to the app.
      cognitoUserPoolsTokenProvider.setAuthConfig({ Cognito: cognito(f, guests) });
      AmplifyV6.configure(
        { Auth: { Cognito: cognito(f, guests) } },
        { Auth: { tokenProvider: cognitoUserPoolsTokenProvider, credentialsProvider } },
      );
    },
    ...(theirs as unknown as Omit<Lib, 'name' | 'configure'>),
  },
  {
    name: '@cognate/auth',
    configure(f, storage, guests) {
      ours.Amplify.configure({ Auth: { Cognito: cognito(f, guests) } });
      ours.Amplify.configure({ Auth: { storage } });
    },
    ...(ours as unknown as Omit<Lib, 'name' | 'configure'>),
  },
];

const KEY_ID = /^ASIA[A-Z2-7]{16}$/;

for (const store of await stores()) {
  describe(`fetchAuthSession credentials: aws-amplify v6 and @cognate/auth alike (${store})`, () => {
    let f: CredentialsFixture;
    before(async () => {
      f = await startCredentialsFixture(store);
    });
    after(async () => {
      mock.timers.reset();
      await f?.close();
    });

    /** Runs `scenario` through each library with its own storage and user; what each saw. */
    async function both(
      guests: boolean,
      scenario: (lib: Lib, ctx: Ctx) => Promise<void>,
    ): Promise<{ seen: unknown[]; calls: unknown[] }[]> {
      const runs = [];
      for (const lib of LIBS) {
        const storage = memoryStorage();
        lib.configure(f, storage, guests);
        await lib.signOut();
        const identity = labeller('identity');
        const key = labeller('access key');
        const seen: unknown[] = [];
        const rec = recordIdentityCalls(f.t.url);
        const ctx: Ctx = {
          storage,
          user: await credentialsUser(f),
          identity,
          async session(note, options) {
            const s = await lib.fetchAuthSession(options);
            const c = s.credentials;
            if (c) {
              assert.match(c.accessKeyId, KEY_ID, lib.name);
              assert.ok(c.secretAccessKey && c.sessionToken, lib.name);
              assert.ok(c.expiration instanceof Date, `${lib.name}: expiration is a Date`);
              assert.ok(c.expiration.getTime() > Date.now(), lib.name);
            }
            const stored = storage.getItem(`com.amplify.Cognito.${f.identityPoolId}.identityId`);
            seen.push({
              note,
              signedIn: !!s.tokens,
              identityId: identity(s.identityId),
              accessKeyId: key(c?.accessKeyId),
              storedGuest: identity(stored ?? undefined),
            });
            return s;
          },
        };
        try {
          await scenario(lib, ctx);
        } finally {
          rec.restore();
          mock.timers.reset();
          await lib.signOut().catch(() => undefined);
        }
        runs.push({ seen, calls: normalizeCalls(rec.calls, identity, f.identityPoolId) });
      }
      return runs;
    }

    test('a guest, then signed in (the guest identity linked), forceRefresh, signed out', async () => {
      const links: string[][] = [];
      const runs = await both(true, async (lib, c) => {
        const guest = await c.session('guest');
        assert.equal(guest.tokens, undefined);
        assert.match(String(guest.identityId), /^us-east-1:[0-9a-f-]{36}$/);
        assert.deepEqual(await loginsOf(f, guest.identityId as string), []);
        await c.session('guest again');
        await lib.signIn({ username: c.user, password: PASSWORD });
        const user = await c.session('signed in');
        assert.equal(
          user.identityId,
          guest.identityId,
          `${lib.name}: the guest identity is linked`,
        );
        links.push(await loginsOf(f, user.identityId as string));
        await c.session('signed in again');
        await c.session('forceRefresh', { forceRefresh: true });
        await lib.signOut();
        assert.equal(c.storage.getItem(`com.amplify.Cognito.${f.identityPoolId}.identityId`), null);
        await c.session('signed out');
      });
      const [amplify, cognate] = runs;
      assert.deepEqual(cognate, amplify);
      assert.deepEqual(amplify?.seen, [
        {
          note: 'guest',
          signedIn: false,
          identityId: '<identity 1>',
          accessKeyId: '<access key 1>',
          storedGuest: '<identity 1>',
        },
        {
          note: 'guest again',
          signedIn: false,
          identityId: '<identity 1>',
          accessKeyId: '<access key 1>',
          storedGuest: '<identity 1>',
        },
        {
          note: 'signed in',
          signedIn: true,
          identityId: '<identity 1>',
          accessKeyId: '<access key 2>',
          storedGuest: undefined,
        },
        {
          note: 'signed in again',
          signedIn: true,
          identityId: '<identity 1>',
          accessKeyId: '<access key 2>',
          storedGuest: undefined,
        },
        {
          note: 'forceRefresh',
          signedIn: true,
          identityId: '<identity 1>',
          accessKeyId: '<access key 3>',
          storedGuest: undefined,
        },
        {
          note: 'signed out',
          signedIn: false,
          identityId: '<identity 2>',
          accessKeyId: '<access key 4>',
          storedGuest: '<identity 2>',
        },
      ]);
      // v6's wire: Logins {} for a guest's GetId, the ID token's issuer without scheme as the
      // user pool's name, the guest identity id sent with the user's Logins.
      const issuer = `${new URL(f.t.url).host}/${f.poolId}`;
      assert.deepEqual(amplify?.calls, [
        { op: 'GetId', body: { IdentityPoolId: '<pool>', Logins: {} } },
        { op: 'GetCredentialsForIdentity', body: { IdentityId: '<identity 1>' } },
        {
          op: 'GetCredentialsForIdentity',
          body: { IdentityId: '<identity 1>', Logins: { [issuer]: '<token>' } },
        },
        {
          op: 'GetCredentialsForIdentity',
          body: { IdentityId: '<identity 1>', Logins: { [issuer]: '<token>' } },
        },
        { op: 'GetId', body: { IdentityPoolId: '<pool>', Logins: {} } },
        { op: 'GetCredentialsForIdentity', body: { IdentityId: '<identity 2>' } },
      ]);
      assert.equal(links.length, 2);
      for (const l of links) assert.equal(l.length, 1, 'the identity has the user-pool login');
    });

    test('without allowGuestAccess a guest gets no credentials and nothing is asked', async () => {
      const runs = await both(false, async (lib, c) => {
        const s = await c.session('guest');
        assert.equal(s.credentials, undefined, lib.name);
        assert.equal(s.identityId, undefined, lib.name);
        await lib.signIn({ username: c.user, password: PASSWORD });
        await c.session('signed in');
      });
      assert.deepEqual(runs[1], runs[0]);
      assert.deepEqual(
        runs[0]?.calls.map((c) => (c as { op: string }).op),
        ['GetId', 'GetCredentialsForIdentity'],
      );
    });

    test('credentials are asked for again fifty minutes on (an hour-long lifetime)', async () => {
      const runs = await both(true, async (lib, c) => {
        await lib.signIn({ username: c.user, password: PASSWORD });
        await c.session('signed in');
        // The page's clock and the server's (TestClock follows Date) move on together.
        mock.timers.enable({ apis: ['Date'], now: Date.now() });
        mock.timers.tick(49 * 60_000);
        await c.session('49 minutes on');
        mock.timers.tick(2 * 60_000);
        await c.session('51 minutes on');
      });
      assert.deepEqual(runs[1], runs[0]);
      assert.deepEqual(
        runs[0]?.seen.map((s) => (s as { accessKeyId: string }).accessKeyId),
        ['<access key 1>', '<access key 1>', '<access key 2>'],
      );
    });

    test('@cognate/auth: a forgotten guest identity is replaced; two callers share one request', async () => {
      const storage = memoryStorage();
      ours.Amplify.configure({ Auth: { Cognito: cognito(f, true) } });
      ours.Amplify.configure({ Auth: { storage } });
      await ours.signOut();
      const rec = recordIdentityCalls(f.t.url);
      try {
        const [a, b] = await Promise.all([ours.fetchAuthSession(), ours.fetchAuthSession()]);
        assert.equal(a.identityId, b.identityId);
        assert.deepEqual(
          rec.calls.map((c) => c.op),
          ['GetId', 'GetCredentialsForIdentity'],
        );
        await f.identity.send(
          new DeleteIdentitiesCommand({ IdentityIdsToDelete: [a.identityId as string] }),
        );
        const again = await ours.fetchAuthSession({ forceRefresh: true });
        assert.notEqual(again.identityId, a.identityId);
        assert.equal(
          storage.getItem(`com.amplify.Cognito.${f.identityPoolId}.identityId`),
          again.identityId,
        );
        assert.deepEqual(
          rec.calls.slice(2).map((c) => c.op),
          ['GetCredentialsForIdentity', 'GetId', 'GetCredentialsForIdentity'],
        );
      } finally {
        rec.restore();
      }
    });

    test('a service error rejects fetchAuthSession with its name, in both libraries', async () => {
      const names: string[] = [];
      for (const lib of LIBS) {
        const storage = memoryStorage();
        const gone = { ...f, identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' };
        lib.configure(gone, storage, true);
        await lib.signOut();
        await assert.rejects(lib.fetchAuthSession(), (e: Error) => {
          names.push(e.name);
          return true;
        });
      }
      assert.deepEqual(names, ['ResourceNotFoundException', 'ResourceNotFoundException']);
    });
  });
}

interface Ctx {
  storage: TestStorage;
  user: string;
  identity: (id: string | undefined) => string | undefined;
  session(note: string, options?: { forceRefresh?: boolean }): Promise<Session>;
}
