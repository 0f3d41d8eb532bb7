// Remembered devices against a real server: after a sign-in that issues NewDeviceMetadata the
// library confirms the device itself, keeps its keys under Amplify's storage keys, answers
// DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER on the next sign-in (which then skips MFA) and sends
// DEVICE_KEY when refreshing. The same scenario through aws-amplify v5 / v6 and @cognate/auth
// gives the same results and calls, and a device one library remembered serves the other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  memoryStorage,
  PASSWORD,
  spyOnCognito,
  type TestServer,
  type TestStorage,
} from '@cognate/server/testing';
import { Auth as AuthV5 } from 'aws-amplify-v5';
import { Auth, type CognitoUser } from '../src/index.ts';
import {
  flowsPool,
  flowsUser,
  type Ids,
  normalize,
  outcome,
  startFlowsServer,
  stores,
  totpCode,
} from './flows-support.ts';
import { simplifyV6, V6_LIBRARIES } from './v6-support.ts';

type AuthLike = typeof Auth;
const V5_LIBRARIES: [string, AuthLike][] = [
  ['aws-amplify v5', AuthV5 as unknown as AuthLike],
  ['@cognate/auth', Auth],
];

/** The stored device keys, by their last name part (deviceKey, deviceGroupKey, randomPasswordKey). */
function deviceKeys(storage: TestStorage, clientId: string): string[] {
  return [...storage.items.keys()]
    .filter((k) => /\.(deviceKey|deviceGroupKey|randomPasswordKey)$/.test(k))
    .map((k) => k.replace(`CognitoIdentityServiceProvider.${clientId}.`, '<prefix>.'))
    .sort();
}

/** A call as the trace shows it: operation, challenge, and whether it named a device. */
function callOf(c: { op: string; input: Record<string, unknown> }): string {
  const input = c.input as {
    ChallengeName?: string;
    AuthFlow?: string;
    AuthParameters?: Record<string, string>;
    ChallengeResponses?: Record<string, string>;
  };
  const device = input.AuthParameters?.DEVICE_KEY || input.ChallengeResponses?.DEVICE_KEY;
  return [c.op, input.ChallengeName ?? input.AuthFlow, device ? 'DEVICE_KEY' : '']
    .filter(Boolean)
    .join(':');
}

for (const store of await stores()) {
  describe(`remembered devices, aws-amplify and @cognate/auth alike (${store})`, () => {
    let t: TestServer;
    let ids: Ids;
    let hadNavigator = true;
    before(async () => {
      // aws-amplify v6 names the device from navigator (Node 20 has none: it would silently
      // skip ConfirmDevice), as a browser would.
      if (!('navigator' in globalThis)) {
        hadNavigator = false;
        Object.defineProperty(globalThis, 'navigator', {
          value: { userAgent: 'Mozilla/5.0 (test)' },
          configurable: true,
        });
      }
      t = await startFlowsServer(store);
      ids = await flowsPool(t, {
        mfa: 'OPTIONAL',
        totp: true,
        devices: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      });
    });
    after(async () => {
      if (!hadNavigator) Reflect.deleteProperty(globalThis, 'navigator');
      await t?.close();
    });

    function configureV5(auth: AuthLike, storage: TestStorage) {
      auth.configure({
        region: 'us-east-1',
        userPoolId: ids.poolId,
        userPoolWebClientId: ids.clientId,
        endpoint: t.url,
        storage,
      } as never);
    }

    /** Signs in (no MFA yet), sets up TOTP as the preferred factor; returns the secret. */
    async function withTotp(auth: AuthLike, username: string): Promise<string> {
      const user = (await auth.signIn(username, PASSWORD)) as CognitoUser;
      const secret = await auth.setupTOTP(user);
      await auth.verifyTotpToken(user, totpCode(t, secret));
      await auth.setPreferredMFA(user, 'TOTP');
      return secret;
    }

    test('v5 Auth: confirm, remember, sign in by device SRP without MFA, refresh, forget', async () => {
      const traces: unknown[] = [];
      for (const [, auth] of V5_LIBRARIES) {
        const storage = memoryStorage();
        configureV5(auth, storage);
        const u = await flowsUser(t, ids.poolId, { phone: false });
        const spy = spyOnCognito(t.url);
        const steps: unknown[] = [];
        const step = async (fn: () => Promise<unknown>) => {
          const r = await outcome(fn);
          steps.push(r);
          return 'ok' in r ? r.ok : undefined;
        };
        const secret = await withTotp(auth, u.username);
        steps.push(deviceKeys(storage, ids.clientId));
        await step(() => auth.rememberDevice());
        await step(async () => (await auth.fetchDevices()).length);
        await step(() => auth.signOut());
        await step(async () => {
          const user = (await auth.signIn(u.username, PASSWORD)) as CognitoUser;
          return [user.challengeName ?? null, Boolean(user.getSignInUserSession()?.isValid())];
        });
        // bypassCache reads the user and refreshes the tokens, with the device's key.
        await step(async () =>
          auth.getPreferredMFA(await auth.currentAuthenticatedUser(), { bypassCache: true }),
        );
        await step(() => auth.forgetDevice());
        steps.push(deviceKeys(storage, ids.clientId));
        await step(() => auth.signOut());
        await step(async () => {
          const user = (await auth.signIn(u.username, PASSWORD)) as CognitoUser;
          const name = user.challengeName;
          await auth.confirmSignIn(user, totpCode(t, secret, 1), 'SOFTWARE_TOKEN_MFA');
          return name;
        });
        steps.push(deviceKeys(storage, ids.clientId));
        await step(async () => (await auth.fetchDevices()).length);
        await step(() => auth.signOut());
        spy.restore();
        traces.push(normalize({ steps, calls: spy.calls.map(callOf) }, { [u.username]: '<u>' }));
      }
      const [theirs, ours] = traces as { steps: unknown[]; calls: string[] }[];
      assert.deepEqual(ours.steps, theirs.steps);
      assert.deepEqual(ours.calls, theirs.calls);
      const keys = [
        '<prefix>.<u>.deviceGroupKey',
        '<prefix>.<u>.deviceKey',
        '<prefix>.<u>.randomPasswordKey',
      ];
      assert.deepEqual(ours.steps[0], keys);
      assert.deepEqual(ours.steps[1], { ok: 'SUCCESS' });
      assert.deepEqual(ours.steps[2], { ok: 1 });
      // The remembered device stands in for MFA.
      assert.deepEqual(ours.steps[4], { ok: [null, true] });
      assert.deepEqual(ours.steps[7], []);
      assert.deepEqual(ours.steps[9], { ok: 'SOFTWARE_TOKEN_MFA' });
      assert.deepEqual(ours.steps[10], keys);
      assert.deepEqual(ours.steps[11], { ok: 1 });
      assert.ok(ours.calls.includes('ConfirmDevice'));
      assert.ok(ours.calls.includes('RespondToAuthChallenge:DEVICE_SRP_AUTH:DEVICE_KEY'));
      assert.ok(ours.calls.includes('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER:DEVICE_KEY'));
      assert.ok(ours.calls.includes('InitiateAuth:REFRESH_TOKEN_AUTH:DEVICE_KEY'));
    });

    test('a device remembered by aws-amplify v5 signs in through @cognate/auth, and back', async () => {
      for (const [first, second] of [
        [AuthV5 as unknown as AuthLike, Auth],
        [Auth, AuthV5 as unknown as AuthLike],
      ]) {
        const storage = memoryStorage();
        const u = await flowsUser(t, ids.poolId, { phone: false });
        configureV5(first, storage);
        await withTotp(first, u.username);
        await first.rememberDevice();
        await first.signOut();
        configureV5(second, storage);
        const user = (await second.signIn(u.username, PASSWORD)) as CognitoUser;
        assert.equal(user.challengeName ?? null, null, 'no MFA: the shared device proved itself');
        assert.ok(user.getSignInUserSession()?.isValid());
        await second.signOut();
      }
    });

    test('USER_PASSWORD_AUTH goes through DEVICE_SRP_AUTH too', async () => {
      const storage = memoryStorage();
      configureV5(Auth, storage);
      Auth.configure({ authenticationFlowType: 'USER_PASSWORD_AUTH' });
      const u = await flowsUser(t, ids.poolId, { phone: false });
      await withTotp(Auth, u.username);
      await Auth.rememberDevice();
      await Auth.signOut();
      const spy = spyOnCognito(t.url);
      const user = await Auth.signIn(u.username, PASSWORD);
      spy.restore();
      assert.equal(user.challengeName, undefined);
      assert.ok(user.getSignInUserSession()?.isValid());
      assert.deepEqual(spy.calls.map(callOf).slice(0, 3), [
        'InitiateAuth:USER_PASSWORD_AUTH:DEVICE_KEY',
        'RespondToAuthChallenge:DEVICE_SRP_AUTH:DEVICE_KEY',
        'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER:DEVICE_KEY',
      ]);
      await Auth.signOut();
      Auth.configure({ authenticationFlowType: 'USER_SRP_AUTH' });
    });

    test('v6: a device remembered by aws-amplify v6 signs in through @cognate/auth, and back', async () => {
      for (const [first, second] of [V6_LIBRARIES, [...V6_LIBRARIES].reverse()]) {
        const storage = memoryStorage();
        const u = await flowsUser(t, ids.poolId, { phone: false });
        first.configure(ids, t.url, storage);
        await first.signOut();
        await first.signIn({ username: u.username, password: PASSWORD });
        const { sharedSecret } = await first.setUpTOTP();
        await first.verifyTOTPSetup({ code: totpCode(t, sharedSecret) });
        await first.updateMFAPreference({ totp: 'PREFERRED' });
        await first.rememberDevice();
        await first.signOut();
        // The tokens are gone; only the device's three keys carry over.
        const shared = memoryStorage();
        for (const [k, v] of storage.items)
          if (/\.(deviceKey|deviceGroupKey|randomPasswordKey)$/.test(k)) shared.setItem(k, v);
        second.configure(ids, t.url, shared);
        await second.signOut();
        assert.deepEqual(
          await second.signIn({ username: u.username, password: PASSWORD }),
          { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
          `${first.name} remembered the device, ${second.name} proved it`,
        );
        await second.signOut();
      }
    });

    test('v6: rememberDevice, fetchDevices, DONE without MFA, forgetDevice', async () => {
      const runs: unknown[] = [];
      for (const lib of V6_LIBRARIES) {
        const storage = memoryStorage();
        lib.configure(ids, t.url, storage);
        await lib.signOut();
        const u = await flowsUser(t, ids.poolId, { phone: false });
        const steps: unknown[] = [];
        const step = async (fn: () => Promise<unknown>) => {
          const r = await outcome(async () => simplifyV6(await fn()));
          steps.push(r);
        };
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        const { sharedSecret: secret } = await lib.setUpTOTP();
        await lib.verifyTOTPSetup({ code: totpCode(t, secret) });
        await lib.updateMFAPreference({ totp: 'PREFERRED' });
        steps.push(deviceKeys(storage, ids.clientId));
        await step(() => lib.rememberDevice());
        await step(async () =>
          (await lib.fetchDevices()).map((d) => ({
            ...d,
            id: typeof d.id,
            name: typeof (d as { name?: string }).name,
            attributes: Object.keys((d as unknown as { attributes: object }).attributes).sort(),
            createDate: (d as { createDate?: Date }).createDate instanceof Date,
            lastModifiedDate: (d as { lastModifiedDate?: Date }).lastModifiedDate instanceof Date,
            lastAuthenticatedDate:
              (d as { lastAuthenticatedDate?: Date }).lastAuthenticatedDate instanceof Date,
          })),
        );
        await step(() => lib.signOut());
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.forgetDevice());
        steps.push(deviceKeys(storage, ids.clientId));
        await step(() => lib.signOut());
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.confirmSignIn({ challengeResponse: totpCode(t, secret, 1) }));
        await step(async () => (await lib.fetchDevices()).length);
        const other = (await lib.fetchDevices())[0]?.id ?? '';
        await step(() => lib.forgetDevice({ device: { id: other } }));
        await step(async () => (await lib.fetchDevices()).length);
        await lib.signOut();
        runs.push(normalize(steps, { [u.username]: '<username>' }));
      }
      const [theirs, ours] = runs as unknown[][];
      for (const [i, s] of theirs.entries()) assert.deepEqual(ours[i], s, `step ${i}`);
      const done = { ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } };
      assert.deepEqual(ours[0], done);
      assert.equal((ours[1] as string[]).length, 3, 'the device is stored under the three keys');
      assert.deepEqual(ours[2], { ok: null });
      assert.deepEqual(ours[5], done, 'the remembered device stands in for MFA');
      assert.deepEqual(ours[7], []);
      assert.deepEqual(ours[9], {
        ok: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } },
      });
      assert.deepEqual(ours[10], done);
      assert.deepEqual(ours[11], { ok: 1 });
      assert.deepEqual(ours[13], { ok: 0 });
    });

    test('a pool that does not track devices: no device, and the device calls say so', async () => {
      const plain = await flowsPool(t, {});
      const storage = memoryStorage();
      Auth.configure({
        region: 'us-east-1',
        userPoolId: plain.poolId,
        userPoolWebClientId: plain.clientId,
        endpoint: t.url,
        storage,
      });
      const u = await flowsUser(t, plain.poolId, { phone: false });
      await Auth.signIn(u.username, PASSWORD);
      assert.deepEqual(deviceKeys(storage, plain.clientId), []);
      assert.deepEqual(await Auth.fetchDevices(), []);
      await assert.rejects(Auth.rememberDevice());
      await Auth.signOut();
    });
  });
}
