// MFA through Amplify v5's `Auth` against a real server: the same scenario through aws-amplify
// v5 and through @cognate/auth gives the same results, errors, Hub events, storage keys and
// Cognito calls. TOTP codes come from otpauth, SMS and email codes from the dev outbox.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { memoryStorage, PASSWORD, spyOnCognito, type TestServer } from '@cognate/server/testing';
import { Auth as AuthV5, Hub as HubV5 } from 'aws-amplify-v5';
import { Auth, type CognitoUser, Hub } from '../src/index.ts';
import {
  enableFactors,
  flowsPool,
  flowsUser,
  type Ids,
  normalize,
  outboxCode,
  outcome,
  startFlowsServer,
  stores,
  totpCode,
  wrongTotp,
} from './flows-support.ts';

type AuthLike = typeof Auth;
type HubLike = typeof Hub;
const LIBRARIES: [string, AuthLike, HubLike][] = [
  ['aws-amplify v5', AuthV5 as unknown as AuthLike, HubV5 as unknown as HubLike],
  ['@cognate/auth', Auth, Hub],
];

/** What a scenario saw: each step's outcome, the Hub events, the calls and the stored keys. */
interface Trace {
  steps: unknown[];
  events: string[];
  calls: string[];
  keys: string[];
}

/** Challenge parameters with the masked phone number's digits hidden (they differ per user). */
function masked(params: Record<string, unknown> | undefined) {
  const param = { ...(params ?? {}) };
  if (typeof param.CODE_DELIVERY_DESTINATION === 'string') {
    param.CODE_DELIVERY_DESTINATION = param.CODE_DELIVERY_DESTINATION.replace(/\d/g, 'N');
  }
  return param;
}

/** The comparable part of a user: who, the pending challenge, and whether signed in. */
function view(user: CognitoUser) {
  const param = masked(user.challengeParam);
  return {
    username: user.getUsername(),
    challengeName: user.challengeName ?? null,
    param,
    signedIn: Boolean(user.getSignInUserSession()?.isValid()),
  };
}

/** A step's result as both libraries can show it: users by `view`, sessions by validity. */
function simplify(result: unknown): unknown {
  const r = result as { getUsername?: unknown; isValid?: () => boolean } | undefined;
  if (typeof r?.getUsername === 'function') return view(result as CognitoUser);
  if (typeof r?.isValid === 'function') return { session: r.isValid() };
  return result;
}

for (const store of await stores()) {
  describe(`MFA through Amplify v5's Auth, aws-amplify v5 and @cognate/auth alike (${store})`, () => {
    let t: TestServer;
    let optional: Ids;
    let required: Ids;
    let emailPool: Ids;
    before(async () => {
      t = await startFlowsServer(store);
      optional = await flowsPool(t, { mfa: 'OPTIONAL', sms: true, totp: true });
      required = await flowsPool(t, { mfa: 'ON', totp: true });
      emailPool = await flowsPool(t, { mfa: 'OPTIONAL', email: true });
    });
    after(async () => {
      await t?.close();
    });

    /**
     * Runs `scenario` through each library with its own storage, user and call spy; returns the
     * normalized traces (library order: aws-amplify v5, then @cognate/auth).
     */
    async function both(
      ids: Ids,
      userOpts: Parameters<typeof flowsUser>[2],
      scenario: (
        auth: AuthLike,
        user: Awaited<ReturnType<typeof flowsUser>>,
        step: (fn: () => Promise<unknown>) => Promise<unknown>,
        hide: (real: string, label: string) => void,
      ) => Promise<void>,
    ): Promise<Trace[]> {
      const traces: Trace[] = [];
      for (const [, auth, hub] of LIBRARIES) {
        const storage = memoryStorage();
        auth.configure({
          region: 'us-east-1',
          userPoolId: ids.poolId,
          userPoolWebClientId: ids.clientId,
          endpoint: t.url,
          storage,
        } as never);
        const user = await flowsUser(t, ids.poolId, userOpts);
        const trace: Trace = { steps: [], events: [], calls: [], keys: [] };
        const listener = ({ payload }: { payload: { event: string } }) => {
          if (payload.event !== 'configured') trace.events.push(payload.event);
        };
        hub.listen('auth', listener as never);
        const spy = spyOnCognito(t.url);
        const names: Record<string, string> = {
          [user.username]: '<username>',
          [ids.clientId]: '<client>',
          [user.email ?? '-']: '<email>',
        };
        const hide = (real: string, label: string) => {
          names[real] = label;
        };
        try {
          await scenario(
            auth,
            user,
            async (fn) => {
              let raw: unknown;
              const result = await outcome(async () => {
                raw = await fn();
                return simplify(raw);
              });
              trace.steps.push(result);
              return raw;
            },
            hide,
          );
        } finally {
          spy.restore();
          hub.remove('auth', listener as never);
        }
        trace.calls = spy.calls.map(
          (c) => `${c.op}${c.input.ChallengeName ? `:${c.input.ChallengeName}` : ''}`,
        );
        trace.keys = [...storage.items.keys()].sort();
        traces.push(normalize(trace, names) as Trace);
      }
      return traces;
    }

    function assertSame(traces: Trace[]) {
      const [theirs, ours] = traces;
      for (const [i, s] of theirs.steps.entries()) assert.deepEqual(ours.steps[i], s, `step ${i}`);
      assert.equal(ours.steps.length, theirs.steps.length);
      assert.deepEqual(ours.calls, theirs.calls);
      assert.deepEqual(ours.events, theirs.events);
      assert.deepEqual(ours.keys, theirs.keys);
    }

    test('TOTP: setupTOTP, verifyTotpToken, setPreferredMFA; then SOFTWARE_TOKEN_MFA at sign-in', async () => {
      const traces = await both(optional, { phone: false }, async (auth, u, step, hide) => {
        const user = (await step(() => auth.signIn(u.username, PASSWORD))) as CognitoUser;
        const secret = (await auth.setupTOTP(user)) as string;
        hide(secret, '<secret>');
        await step(async () => /^[A-Z2-7]{16,}$/.test(secret));
        await step(() => auth.verifyTotpToken(user, wrongTotp(t, secret)));
        await step(() => auth.verifyTotpToken(user, totpCode(t, secret)));
        await step(() => auth.setPreferredMFA(user, 'TOTP'));
        await step(() => auth.getPreferredMFA(user, { bypassCache: true }));
        await step(() => auth.signOut());
        const again = (await step(() => auth.signIn(u.username, PASSWORD))) as CognitoUser;
        await step(() => auth.confirmSignIn(again, wrongTotp(t, secret), 'SOFTWARE_TOKEN_MFA'));
        await step(() => auth.confirmSignIn(again, totpCode(t, secret, 1), 'SOFTWARE_TOKEN_MFA'));
        await step(() => auth.currentSession());
        await step(async () => (await auth.currentAuthenticatedUser()).preferredMFA);
        await step(async () =>
          auth.setPreferredMFA(await auth.currentAuthenticatedUser(), 'NOMFA'),
        );
        await step(async () =>
          auth.getPreferredMFA(await auth.currentAuthenticatedUser(), { bypassCache: true }),
        );
        await step(() => auth.signOut());
      });
      assertSame(traces);
      const ours = traces[1].steps;
      assert.deepEqual(ours[0], {
        ok: { username: '<username>', challengeName: null, param: {}, signedIn: true },
      });
      assert.deepEqual(ours[1], { ok: true });
      assert.deepEqual(ours[2], {
        error: {
          name: 'EnableSoftwareTokenMFAException',
          message: 'Code mismatch and fail enable Software Token MFA',
        },
      });
      assert.deepEqual(ours[4], { ok: 'SUCCESS' });
      assert.deepEqual(ours[5], { ok: 'SOFTWARE_TOKEN_MFA' });
      assert.deepEqual(ours[7], {
        ok: {
          username: '<username>',
          challengeName: 'SOFTWARE_TOKEN_MFA',
          param: { USER_ID_FOR_SRP: '<username>' },
          signedIn: false,
        },
      });
      assert.equal((ours[8] as { error: { name: string } }).error.name, 'CodeMismatchException');
      // Amplify v5 leaves the answered challenge on the user, now signed in.
      assert.equal((ours[9] as { ok: { signedIn: boolean } }).ok.signedIn, true);
      assert.deepEqual(ours[10], { ok: { session: true } });
      assert.deepEqual(ours[11], { ok: 'SOFTWARE_TOKEN_MFA' });
      assert.deepEqual(ours[13], { ok: 'NOMFA' });
    });

    test('SMS: enableSMS and getMFAOptions; SMS_MFA with the code from the outbox; disableSMS', async () => {
      const traces = await both(optional, {}, async (auth, u, step) => {
        const user = (await step(() => auth.signIn(u.username, PASSWORD))) as CognitoUser;
        await step(() => auth.enableSMS(user));
        await step(() => auth.getMFAOptions(user));
        await step(() => auth.getPreferredMFA(user, { bypassCache: true }));
        await step(() => auth.signOut());
        const again = (await step(() => auth.signIn(u.username, PASSWORD))) as CognitoUser;
        await step(() => auth.confirmSignIn(again, '000000'));
        const code = await outboxCode(t, u.phone as string);
        await step(() => auth.confirmSignIn(again, code, 'SMS_MFA'));
        const current = (await auth.currentAuthenticatedUser()) as CognitoUser;
        await step(() => auth.setPreferredMFA(current, 'SMS'));
        await step(() => auth.getPreferredMFA(current, { bypassCache: true }));
        await step(() => auth.disableSMS(current));
        await step(() => auth.getMFAOptions(current));
        await step(() => auth.signOut());
      });
      assertSame(traces);
      const ours = traces[1].steps;
      assert.deepEqual(ours[1], { ok: 'SUCCESS' });
      assert.deepEqual(ours[2], {
        ok: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      });
      const challenge = (ours[5] as { ok: ReturnType<typeof view> }).ok;
      assert.equal(challenge.challengeName, 'SMS_MFA');
      assert.equal(challenge.param.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
      assert.match(String(challenge.param.CODE_DELIVERY_DESTINATION), /N{4}$/);
      assert.equal((ours[6] as { error: { name: string } }).error.name, 'CodeMismatchException');
      assert.equal((ours[7] as { ok: { signedIn: boolean } }).ok.signedIn, true);
    });

    test('SELECT_MFA_TYPE: user.sendMFASelectionAnswer, then the chosen factor', async () => {
      const traces = await both(optional, {}, async (auth, u, step) => {
        const user = (await auth.signIn(u.username, PASSWORD)) as CognitoUser;
        const secret = await auth.setupTOTP(user);
        await auth.verifyTotpToken(user, totpCode(t, secret));
        await enableFactors(t, optional.poolId, u.username, { sms: true, totp: true });
        await auth.signOut();
        const select = async (answer: string) => {
          const pending = (await step(() => auth.signIn(u.username, PASSWORD))) as CognitoUser;
          await step(
            () =>
              new Promise((resolve, reject) => {
                pending.sendMFASelectionAnswer(answer, {
                  onFailure: reject,
                  mfaRequired: (name, params) =>
                    resolve({ callback: 'mfaRequired', name, params: masked(params) }),
                  totpRequired: (name, params) =>
                    resolve({ callback: 'totpRequired', name, params: masked(params) }),
                });
              }),
          );
          return pending;
        };
        const viaTotp = await select('SOFTWARE_TOKEN_MFA');
        await step(() => auth.confirmSignIn(viaTotp, totpCode(t, secret, 1), 'SOFTWARE_TOKEN_MFA'));
        await step(() => auth.signOut());
        const viaSms = await select('SMS_MFA');
        const code = await outboxCode(t, u.phone as string);
        await step(() => auth.confirmSignIn(viaSms, code, 'SMS_MFA'));
        await step(() => auth.signOut());
      });
      assertSame(traces);
      const ours = traces[1];
      assert.deepEqual((ours.steps[0] as { ok: unknown }).ok, {
        username: '<username>',
        challengeName: 'SELECT_MFA_TYPE',
        param: {
          MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]',
          USER_ID_FOR_SRP: '<username>',
        },
        signedIn: false,
      });
      assert.equal((ours.steps[1] as { ok: { callback: string } }).ok.callback, 'totpRequired');
      assert.equal((ours.steps[2] as { ok: { signedIn: boolean } }).ok.signedIn, true);
      assert.equal((ours.steps[5] as { ok: { callback: string } }).ok.callback, 'mfaRequired');
    });

    test('MFA_SETUP: setupTOTP and verifyTotpToken on the sign-in session sign the user in', async () => {
      const traces = await both(
        required,
        { phone: false, email: false },
        async (auth, u, step, hide) => {
          const user = (await step(() => auth.signIn(u.username, PASSWORD))) as CognitoUser;
          const secret = (await auth.setupTOTP(user)) as string;
          hide(secret, '<secret>');
          await step(() => auth.verifyTotpToken(user, wrongTotp(t, secret)));
          await step(() => auth.verifyTotpToken(user, totpCode(t, secret)));
          await step(() => auth.currentSession());
          await step(async () => (await auth.currentAuthenticatedUser()).getUsername());
          await step(() => auth.signOut());
        },
      );
      assertSame(traces);
      const ours = traces[1];
      assert.deepEqual((ours.steps[0] as { ok: unknown }).ok, {
        username: '<username>',
        challengeName: 'MFA_SETUP',
        param: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: '<username>' },
        signedIn: false,
      });
      assert.deepEqual(ours.steps[2], { ok: { session: true } });
      assert.deepEqual(ours.events.slice(0, 2), ['signIn', 'verify']);
    });

    test('EMAIL_OTP (@cognate/auth; aws-amplify v5 predates it): confirmSignIn with the emailed code', async () => {
      const storage = memoryStorage();
      Auth.configure({
        region: 'us-east-1',
        userPoolId: emailPool.poolId,
        userPoolWebClientId: emailPool.clientId,
        endpoint: t.url,
        storage,
      });
      const u = await flowsUser(t, emailPool.poolId, { phone: false });
      await enableFactors(t, emailPool.poolId, u.username, { email: true });
      const user = await Auth.signIn(u.username, PASSWORD);
      assert.equal(user.challengeName, 'EMAIL_OTP');
      assert.equal(user.challengeParam?.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
      await assert.rejects(Auth.confirmSignIn(user, '000000', 'EMAIL_OTP'), {
        name: 'CodeMismatchException',
      });
      const code = await outboxCode(t, u.email as string);
      const signedIn = await Auth.confirmSignIn(user, code, 'EMAIL_OTP');
      assert.ok(signedIn.getSignInUserSession()?.isValid());
      assert.ok((await Auth.currentSession()).isValid());
      await Auth.signOut();
    });

    test('bad input: empty codes, and a code for a challenge that was not asked', async () => {
      const storage = memoryStorage();
      Auth.configure({
        region: 'us-east-1',
        userPoolId: optional.poolId,
        userPoolWebClientId: optional.clientId,
        endpoint: t.url,
        storage,
      });
      const u = await flowsUser(t, optional.poolId);
      await enableFactors(t, optional.poolId, u.username, { sms: true, preferred: 'sms' });
      const user = await Auth.signIn(u.username, PASSWORD);
      assert.equal(user.challengeName, 'SMS_MFA');
      await assert.rejects(Auth.confirmSignIn(user, ''), {
        name: 'AuthError',
        message: 'Confirmation code cannot be empty',
      });
      // SOFTWARE_TOKEN_MFA was not asked: the server refuses, and the SMS challenge still stands.
      await assert.rejects(Auth.confirmSignIn(user, '123456', 'SOFTWARE_TOKEN_MFA'));
      const code = await outboxCode(t, u.phone as string);
      const signedIn = await Auth.confirmSignIn(user, code);
      assert.ok(signedIn.getSignInUserSession()?.isValid());
      await Auth.signOut();
    });
  });
}
