// Identity-pool credentials through the v5 Auth object: Auth.currentCredentials,
// currentUserCredentials and essentialCredentials, aws-amplify v5 and @cognate/auth side by side
// against one server. aws-amplify v5 cannot be aimed at another identity endpoint, so its calls to
// cognito-identity.<region>.amazonaws.com are sent to the server by the test; @cognate/auth is
// configured with identityPoolEndpoint. The server's credentials live ten minutes here.
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { memoryStorage, PASSWORD, type TestStorage } from '@cognate/server/testing';
import { Auth as AuthV5 } from 'aws-amplify-v5';
import { Auth } from '../src/index.ts';
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

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  identityId: string;
  authenticated: boolean;
  expiration?: Date;
}

interface V5 {
  configure(config: Record<string, unknown>): unknown;
  signIn(username: string, password: string): Promise<unknown>;
  signOut(): Promise<unknown>;
  currentCredentials(): Promise<Creds>;
  currentUserCredentials(): Promise<Creds>;
  essentialCredentials(c: Creds): Record<string, unknown>;
}

const TTL_SECONDS = 600;
const LIBS: { name: string; auth: V5; ours: boolean }[] = [
  { name: 'aws-amplify v5', auth: AuthV5 as unknown as V5, ours: false },
  { name: '@cognate/auth', auth: Auth as unknown as V5, ours: true },
];

for (const store of await stores()) {
  describe(`Auth.currentCredentials: aws-amplify v5 and @cognate/auth alike (${store})`, () => {
    let f: CredentialsFixture;
    before(async () => {
      f = await startCredentialsFixture(store, TTL_SECONDS);
    });
    after(async () => {
      mock.timers.reset();
      await f?.close();
    });

    async function both(scenario: (lib: V5, c: Ctx) => Promise<void>) {
      const runs = [];
      for (const { name, auth, ours } of LIBS) {
        const storage = memoryStorage();
        auth.configure({
          region: f.region,
          userPoolId: f.poolId,
          userPoolWebClientId: f.clientId,
          endpoint: f.t.url,
          identityPoolId: f.identityPoolId,
          identityPoolRegion: f.region,
          storage,
          // aws-amplify v5 has no such key; its calls to AWS are sent to the server.
          ...(ours ? { identityPoolEndpoint: f.t.url } : {}),
        });
        await auth.signOut();
        const identity = labeller('identity');
        const key = labeller('access key');
        const seen: unknown[] = [];
        const rec = recordIdentityCalls(f.t.url);
        const ctx: Ctx = {
          name,
          storage,
          user: await credentialsUser(f),
          async look(note, c) {
            assert.match(c.accessKeyId, /^ASIA[A-Z2-7]{16}$/, name);
            assert.ok(c.expiration instanceof Date, `${name}: expiration is a Date`);
            const stored = storage.getItem(`CognitoIdentityId-${f.identityPoolId}`);
            seen.push({
              note,
              authenticated: c.authenticated,
              identityId: identity(c.identityId),
              accessKeyId: key(c.accessKeyId),
              storedGuest: identity(stored ?? undefined),
              essential: Object.keys(auth.essentialCredentials(c)),
            });
            return c;
          },
        };
        try {
          await scenario(auth, ctx);
        } finally {
          rec.restore();
          mock.timers.reset();
          await auth.signOut().catch(() => undefined);
        }
        runs.push({ seen, calls: normalizeCalls(rec.calls, identity, f.identityPoolId) });
      }
      return runs;
    }

    test('guest, sign-in (the guest identity linked), refresh, sign-out', async () => {
      const runs = await both(async (auth, c) => {
        const guest = await c.look('guest', await auth.currentCredentials());
        await c.look('guest, kept', await auth.currentCredentials());
        await auth.signIn(c.user, PASSWORD);
        const user = await c.look('signed in', await auth.currentCredentials());
        assert.equal(user.identityId, guest.identityId, `${c.name}: the guest identity is linked`);
        assert.equal((await loginsOf(f, user.identityId)).length, 1);
        await c.look('currentUserCredentials', await auth.currentUserCredentials());
        await auth.signOut();
        await c.look('signed out', await auth.currentCredentials());
      });
      const [amplify, cognate] = runs;
      assert.deepEqual(cognate, amplify);
      const essential = [
        'accessKeyId',
        'sessionToken',
        'secretAccessKey',
        'identityId',
        'authenticated',
      ];
      const row = (
        note: string,
        authenticated: boolean,
        id: number,
        k: number,
        stored?: number,
      ) => ({
        note,
        authenticated,
        identityId: `<identity ${id}>`,
        accessKeyId: `<access key ${k}>`,
        storedGuest: stored ? `<identity ${stored}>` : undefined,
        essential,
      });
      assert.deepEqual(amplify?.seen, [
        row('guest', false, 1, 1, 1),
        row('guest, kept', false, 1, 1, 1),
        row('signed in', true, 1, 2),
        row('currentUserCredentials', true, 1, 3),
        row('signed out', false, 2, 4, 2),
      ]);
      // v5's wire: no Logins on a guest's GetId; the user pool as cognito-idp.<region>.amazonaws.com/<id>.
      const logins = { [`cognito-idp.${f.region}.amazonaws.com/${f.poolId}`]: '<token>' };
      assert.deepEqual(amplify?.calls, [
        { op: 'GetId', body: { IdentityPoolId: '<pool>' } },
        { op: 'GetCredentialsForIdentity', body: { IdentityId: '<identity 1>' } },
        { op: 'GetCredentialsForIdentity', body: { IdentityId: '<identity 1>', Logins: logins } },
        { op: 'GetId', body: { IdentityPoolId: '<pool>', Logins: logins } },
        { op: 'GetCredentialsForIdentity', body: { IdentityId: '<identity 1>', Logins: logins } },
        { op: 'GetId', body: { IdentityPoolId: '<pool>' } },
        { op: 'GetCredentialsForIdentity', body: { IdentityId: '<identity 2>' } },
      ]);
    });

    test('expired credentials are replaced; @cognate/auth replaces them before they expire', async () => {
      const runs = await both(async (auth, c) => {
        await c.look('guest', await auth.currentCredentials());
        mock.timers.enable({ apis: ['Date'], now: Date.now() });
        mock.timers.tick((TTL_SECONDS + 1) * 1000);
        const after = await c.look('expired', await auth.currentCredentials());
        assert.ok((after.expiration as Date).getTime() > Date.now(), c.name);
      });
      assert.deepEqual(runs[1], runs[0]);
      assert.deepEqual(
        runs[0]?.seen.map((s) => (s as { accessKeyId: string }).accessKeyId),
        ['<access key 1>', '<access key 2>'],
      );

      // Five sixths of the lifetime on, @cognate/auth asks again; aws-amplify v5 would hand out
      // credentials with a minute and a half left until its fifty minutes are up.
      Auth.configure({ storage: memoryStorage() });
      await Auth.signOut();
      const first = await Auth.currentCredentials();
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        mock.timers.tick(TTL_SECONDS * 800);
        assert.equal((await Auth.currentCredentials()).accessKeyId, first.accessKeyId);
        mock.timers.tick(TTL_SECONDS * 40);
        assert.notEqual((await Auth.currentCredentials()).accessKeyId, first.accessKeyId);
      } finally {
        mock.timers.reset();
      }
    });

    test('mandatorySignIn: no guest credentials, as v5 rejects', async () => {
      Auth.configure({ mandatorySignIn: true, storage: memoryStorage() });
      await Auth.signOut();
      try {
        await assert.rejects(
          Auth.currentCredentials(),
          (e) => e === 'cannot get guest credentials when mandatory signin enabled',
        );
      } finally {
        Auth.configure({ mandatorySignIn: false });
      }
    });
  });
}

interface Ctx {
  name: string;
  storage: TestStorage;
  user: string;
  look(note: string, c: Creds): Promise<Creds>;
}
