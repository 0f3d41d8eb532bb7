// MFA through the v6 functions against a real server: the same scenario through aws-amplify v6
// and through @cognate/auth gives the same outputs and errors for every nextStep (TOTP, SMS and
// email codes, MFA selection, TOTP and email setup). TOTP codes come from otpauth, SMS and
// email codes from the dev outbox.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { memoryStorage, PASSWORD, type TestServer } from '@cognate/server/testing';
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
import { setupSecret, simplifyV6, V6_LIBRARIES, type V6Lib } from './v6-support.ts';

type User = Awaited<ReturnType<typeof flowsUser>>;
type Step = (fn: () => Promise<unknown>) => Promise<unknown>;

const DONE = { ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } };
const step = (signInStep: string, more: Record<string, unknown> = {}) => ({
  ok: { isSignedIn: false, nextStep: { signInStep, ...more } },
});

for (const store of await stores()) {
  describe(`MFA through the v6 functions, aws-amplify v6 and @cognate/auth alike (${store})`, () => {
    let t: TestServer;
    let optional: Ids;
    let required: Ids;
    let setupChoice: Ids;
    let emailPool: Ids;
    before(async () => {
      t = await startFlowsServer(store);
      optional = await flowsPool(t, { mfa: 'OPTIONAL', sms: true, totp: true });
      required = await flowsPool(t, { mfa: 'ON', totp: true });
      setupChoice = await flowsPool(t, { mfa: 'ON', totp: true, email: true });
      emailPool = await flowsPool(t, { mfa: 'OPTIONAL', email: true });
    });
    after(async () => {
      await t?.close();
    });

    /** Runs `scenario` through each library (own storage and user); the normalized step lists. */
    async function both(
      ids: Ids,
      userOpts: Parameters<typeof flowsUser>[2],
      scenario: (lib: V6Lib, user: User, step: Step) => Promise<void>,
    ): Promise<unknown[][]> {
      const runs: unknown[][] = [];
      for (const lib of V6_LIBRARIES) {
        lib.configure(ids, t.url, memoryStorage());
        await lib.signOut();
        const user = await flowsUser(t, ids.poolId, userOpts);
        const steps: unknown[] = [];
        try {
          await scenario(lib, user, async (fn) => {
            let raw: unknown;
            steps.push(
              await outcome(async () => {
                raw = await fn();
                return simplifyV6(raw);
              }),
            );
            return raw;
          });
        } finally {
          await lib.signOut().catch(() => undefined);
        }
        runs.push(
          normalize(steps, {
            [user.username]: '<username>',
            [user.email ?? '-']: '<email>',
          }) as unknown[],
        );
      }
      return runs;
    }

    function assertSame([theirs, ours]: unknown[][]) {
      for (const [i, s] of theirs.entries()) assert.deepEqual(ours[i], s, `step ${i}`);
      assert.equal(ours.length, theirs.length);
    }

    test('TOTP: setUpTOTP, verifyTOTPSetup, updateMFAPreference; CONFIRM_SIGN_IN_WITH_TOTP_CODE', async () => {
      const runs = await both(optional, { phone: false }, async (lib, u, step) => {
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        const details = (await step(() => lib.setUpTOTP())) as { sharedSecret: string };
        const secret = details.sharedSecret;
        await step(() => lib.verifyTOTPSetup({ code: '' }));
        await step(() => lib.verifyTOTPSetup({ code: wrongTotp(t, secret) }));
        await step(() => lib.verifyTOTPSetup({ code: totpCode(t, secret) }));
        await step(() => lib.fetchMFAPreference());
        await step(() => lib.updateMFAPreference({ totp: 'PREFERRED' }));
        await step(() => lib.fetchMFAPreference());
        await step(() => lib.signOut());
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.confirmSignIn({ challengeResponse: '' }));
        await step(() => lib.confirmSignIn({ challengeResponse: wrongTotp(t, secret) }));
        await step(() => lib.confirmSignIn({ challengeResponse: totpCode(t, secret, 1) }));
        await step(async () => Boolean((await lib.fetchAuthSession()).tokens));
        await step(() => lib.confirmSignIn({ challengeResponse: '123456' }));
        await step(() => lib.updateMFAPreference({ totp: 'DISABLED' }));
        await step(() => lib.fetchMFAPreference());
      });
      assertSame(runs);
      const ours = runs[1];
      assert.deepEqual(ours[0], DONE);
      assert.deepEqual(ours[1], {
        ok: {
          secret: true,
          uri: 'otpauth://totp/Cognate:ada?secret=<secret>&issuer=Cognate',
          defaultUri: 'otpauth://totp/Cognate:%22<username>%22?secret=<secret>&issuer=Cognate',
        },
      });
      assert.equal((ours[2] as { error: { name: string } }).error.name, 'EmptyVerifyTOTPSetupCode');
      assert.equal(
        (ours[3] as { error: { name: string } }).error.name,
        'EnableSoftwareTokenMFAException',
      );
      assert.deepEqual(ours[7], { ok: { preferred: 'TOTP', enabled: ['TOTP'] } });
      assert.deepEqual(ours[9], step('CONFIRM_SIGN_IN_WITH_TOTP_CODE'));
      assert.equal((ours[10] as { error: { name: string } }).error.name, 'EmptyChallengeResponse');
      assert.equal((ours[11] as { error: { name: string } }).error.name, 'CodeMismatchException');
      assert.deepEqual(ours[12], DONE);
      assert.deepEqual(ours[13], { ok: true });
      // Nothing pending after DONE.
      assert.equal((ours[14] as { error: { name: string } }).error.name, 'SignInException');
    });

    test('SMS and USER_PASSWORD_AUTH: CONFIRM_SIGN_IN_WITH_SMS_CODE with codeDeliveryDetails', async () => {
      const runs = await both(optional, {}, async (lib, u, step) => {
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.updateMFAPreference({ sms: 'PREFERRED' }));
        await step(() => lib.fetchMFAPreference());
        await step(() => lib.signOut());
        await step(() =>
          lib.signIn({
            username: u.username,
            password: PASSWORD,
            options: { authFlowType: 'USER_PASSWORD_AUTH' },
          }),
        );
        await step(() => lib.confirmSignIn({ challengeResponse: '000000' }));
        const code = await outboxCode(t, u.phone as string);
        await step(() => lib.confirmSignIn({ challengeResponse: code }));
      });
      assertSame(runs);
      const ours = runs[1];
      assert.deepEqual(ours[2], { ok: { preferred: 'SMS', enabled: ['SMS'] } });
      assert.deepEqual(
        ours[4],
        step('CONFIRM_SIGN_IN_WITH_SMS_CODE', {
          codeDeliveryDetails: { deliveryMedium: 'SMS', destination: '+*******NNNN' },
        }),
      );
      assert.equal((ours[5] as { error: { name: string } }).error.name, 'CodeMismatchException');
      assert.deepEqual(ours[6], DONE);
    });

    test('CONTINUE_SIGN_IN_WITH_MFA_SELECTION: TOTP or SMS, and a choice that is neither', async () => {
      const runs = await both(optional, {}, async (lib, u, step) => {
        await lib.signIn({ username: u.username, password: PASSWORD });
        const { sharedSecret: secret } = await lib.setUpTOTP();
        await lib.verifyTOTPSetup({ code: totpCode(t, secret) });
        await enableFactors(t, optional.poolId, u.username, { sms: true, totp: true });
        await lib.signOut();
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.confirmSignIn({ challengeResponse: 'VOICE' }));
        await step(() => lib.confirmSignIn({ challengeResponse: 'TOTP' }));
        await step(() => lib.confirmSignIn({ challengeResponse: totpCode(t, secret, 1) }));
        await step(() => lib.signOut());
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.confirmSignIn({ challengeResponse: 'SMS' }));
        const code = await outboxCode(t, u.phone as string);
        await step(() => lib.confirmSignIn({ challengeResponse: code }));
      });
      assertSame(runs);
      const ours = runs[1];
      assert.deepEqual(
        ours[0],
        step('CONTINUE_SIGN_IN_WITH_MFA_SELECTION', { allowedMFATypes: ['SMS', 'TOTP'] }),
      );
      assert.equal((ours[1] as { error: { name: string } }).error.name, 'IncorrectMFAMethod');
      assert.deepEqual(ours[2], step('CONFIRM_SIGN_IN_WITH_TOTP_CODE'));
      assert.deepEqual(ours[3], DONE);
      assert.equal(
        (ours[6] as { ok: { nextStep: { signInStep: string } } }).ok.nextStep.signInStep,
        'CONFIRM_SIGN_IN_WITH_SMS_CODE',
      );
      assert.deepEqual(ours[7], DONE);
    });

    test('CONTINUE_SIGN_IN_WITH_TOTP_SETUP: totpSetupDetails, getSetupUri, the first code', async () => {
      const runs = await both(required, { phone: false, email: false }, async (lib, u, step) => {
        const first = await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        const secret = setupSecret(first);
        await step(() => lib.confirmSignIn({ challengeResponse: wrongTotp(t, secret) }));
        await step(() => lib.confirmSignIn({ challengeResponse: 'not a code' }));
        await step(() => lib.confirmSignIn({ challengeResponse: totpCode(t, secret) }));
        await step(async () => Boolean((await lib.fetchAuthSession()).tokens));
      });
      assertSame(runs);
      const ours = runs[1];
      assert.deepEqual(
        ours[0],
        step('CONTINUE_SIGN_IN_WITH_TOTP_SETUP', {
          totpSetupDetails: {
            secret: true,
            uri: 'otpauth://totp/Cognate:ada?secret=<secret>&issuer=Cognate',
            defaultUri: 'otpauth://totp/Cognate:<username>?secret=<secret>&issuer=Cognate',
          },
        }),
      );
      assert.equal(
        (ours[1] as { error: { name: string } }).error.name,
        'EnableSoftwareTokenMFAException',
      );
      assert.equal((ours[2] as { error: { name: string } }).error.name, 'SignInException');
      assert.deepEqual(ours[3], DONE);
      assert.deepEqual(ours[4], { ok: true });
    });

    test('CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION, then EMAIL_SETUP and the emailed code', async () => {
      const runs = await both(setupChoice, { phone: false, email: false }, async (lib, u, step) => {
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.confirmSignIn({ challengeResponse: 'EMAIL' }));
        const email = `${u.username}@example.com`;
        await step(() => lib.confirmSignIn({ challengeResponse: email }));
        const code = await outboxCode(t, email);
        await step(() => lib.confirmSignIn({ challengeResponse: code }));
        await step(() => lib.fetchMFAPreference());
      });
      assertSame(runs);
      const ours = runs[1];
      assert.deepEqual(
        ours[0],
        step('CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', { allowedMFATypes: ['TOTP', 'EMAIL'] }),
      );
      assert.deepEqual(ours[1], step('CONTINUE_SIGN_IN_WITH_EMAIL_SETUP'));
      assert.equal(
        (ours[2] as { ok: { nextStep: { signInStep: string } } }).ok.nextStep.signInStep,
        'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      );
      assert.deepEqual(ours[3], DONE);
    });

    test('the setup choice TOTP: CONTINUE_SIGN_IN_WITH_TOTP_SETUP from the selection', async () => {
      const runs = await both(setupChoice, { phone: false, email: false }, async (lib, u, step) => {
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        const setup = await step(() => lib.confirmSignIn({ challengeResponse: 'TOTP' }));
        const secret = setupSecret(setup);
        await step(() => lib.confirmSignIn({ challengeResponse: totpCode(t, secret) }));
      });
      assertSame(runs);
      assert.deepEqual(runs[1][2], DONE);
    });

    test('CONFIRM_SIGN_IN_WITH_EMAIL_CODE for a user with email MFA', async () => {
      const runs = await both(emailPool, { phone: false }, async (lib, u, step) => {
        await enableFactors(t, emailPool.poolId, u.username, { email: true });
        await step(() => lib.signIn({ username: u.username, password: PASSWORD }));
        await step(() => lib.confirmSignIn({ challengeResponse: '000000' }));
        const code = await outboxCode(t, u.email as string);
        await step(() => lib.confirmSignIn({ challengeResponse: code }));
        await step(() => lib.fetchMFAPreference());
      });
      assertSame(runs);
      const ours = runs[1];
      assert.equal(
        (ours[0] as { ok: { nextStep: { signInStep: string } } }).ok.nextStep.signInStep,
        'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      );
      assert.deepEqual(ours[2], DONE);
    });
  });
}
