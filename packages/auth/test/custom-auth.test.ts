// Custom authentication against a real server whose DefineAuthChallenge, CreateAuthChallenge and
// VerifyAuthChallengeResponse are Lambda-style handlers: v5 signIn without a password, with one
// under authenticationFlowType CUSTOM_AUTH (SRP_A first), sendCustomChallengeAnswer; v6
// CUSTOM_WITHOUT_SRP / CUSTOM_WITH_SRP and confirmSignIn. The same scenario through aws-amplify
// and @cognate/auth gives the same results and the triggers the same events, clientMetadata
// (from the configuration or the call) included.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { memoryStorage, PASSWORD, type TestServer } from '@cognate/server/testing';
import { Auth as AuthV5 } from 'aws-amplify-v5';
import { Auth, type CognitoUser } from '../src/index.ts';
import {
  ANSWER,
  eventsOf,
  flowsPool,
  flowsUser,
  type Ids,
  normalize,
  outcome,
  startFlowsServer,
  stores,
} from './flows-support.ts';
import { simplifyV6, V6_LIBRARIES } from './v6-support.ts';

type AuthLike = typeof Auth;
const V5_LIBRARIES: AuthLike[] = [AuthV5 as unknown as AuthLike, Auth];

/** What the triggers saw: source, the session's challenge names, and the clientMetadata. */
function triggerTrace(username: string) {
  return eventsOf(username).map((e) => [
    e.triggerSource,
    (e.request.session ?? []).map((c) => c.challengeName).join(','),
    e.request.clientMetadata ?? null,
  ]);
}

function view(user: CognitoUser) {
  return {
    challengeName: user.challengeName ?? null,
    challengeParam: user.challengeParam ?? null,
    signedIn: Boolean(user.getSignInUserSession()?.isValid()),
  };
}

for (const store of await stores()) {
  describe(`custom authentication, aws-amplify and @cognate/auth alike (${store})`, () => {
    let t: TestServer;
    let ids: Ids;
    before(async () => {
      t = await startFlowsServer(store);
      ids = await flowsPool(t, { custom: true });
    });
    after(async () => {
      await t?.close();
    });

    /** Runs `scenario` through aws-amplify v5 then @cognate/auth; normalized traces. */
    async function v5Both(
      config: Record<string, unknown>,
      scenario: (
        auth: AuthLike,
        username: string,
        step: (fn: () => Promise<unknown>) => Promise<unknown>,
      ) => Promise<void>,
    ) {
      const traces: { steps: unknown[]; triggers: unknown[] }[] = [];
      for (const auth of V5_LIBRARIES) {
        auth.configure({
          region: 'us-east-1',
          userPoolId: ids.poolId,
          userPoolWebClientId: ids.clientId,
          endpoint: t.url,
          storage: memoryStorage(),
          ...config,
        } as never);
        const { username } = await flowsUser(t, ids.poolId, { phone: false });
        const steps: unknown[] = [];
        await scenario(auth, username, async (fn) => {
          let raw: unknown;
          steps.push(
            await outcome(async () => {
              raw = await fn();
              const r = raw as { getUsername?: unknown } | undefined;
              return typeof r?.getUsername === 'function' ? view(raw as CognitoUser) : raw;
            }),
          );
          return raw;
        });
        await auth.signOut();
        traces.push(
          normalize({ steps, triggers: triggerTrace(username) }, { [username]: '<u>' }) as {
            steps: unknown[];
            triggers: unknown[];
          },
        );
      }
      const [theirs, ours] = traces;
      for (const [i, s] of theirs.steps.entries()) assert.deepEqual(ours.steps[i], s, `step ${i}`);
      assert.deepEqual(ours.triggers, theirs.triggers);
      return ours;
    }

    const challenge = (round: number) => ({
      challengeName: 'CUSTOM_CHALLENGE',
      challengeParam: { question: 'Password of the day?', round: String(round), USERNAME: '<u>' },
      signedIn: false,
    });

    test('v5: signIn without a password, a wrong answer, the right one; clientMetadata from config and call', async () => {
      const ours = await v5Both({ clientMetadata: { from: 'config' } }, async (auth, u, step) => {
        const user = (await step(() => auth.signIn(u))) as CognitoUser;
        await step(() => auth.sendCustomChallengeAnswer(user, 'daisy'));
        await step(() => auth.sendCustomChallengeAnswer(user, ANSWER, { from: 'call' }));
        await step(async () => (await auth.currentSession()).isValid());
      });
      assert.deepEqual(ours.steps[0], { ok: challenge(1) });
      assert.deepEqual(ours.steps[1], { ok: challenge(2) });
      assert.deepEqual((ours.steps[2] as { ok: { signedIn: boolean } }).ok.signedIn, true);
      assert.deepEqual(ours.steps[3], { ok: true });
      const config = { from: 'config' };
      const call = { from: 'call' };
      // As on Cognito, InitiateAuth's ClientMetadata does not reach the challenge triggers;
      // RespondToAuthChallenge's does.
      assert.deepEqual(ours.triggers, [
        ['DefineAuthChallenge_Authentication', '', null],
        ['CreateAuthChallenge_Authentication', '', null],
        ['VerifyAuthChallengeResponse_Authentication', '', config],
        ['DefineAuthChallenge_Authentication', 'CUSTOM_CHALLENGE', config],
        ['CreateAuthChallenge_Authentication', 'CUSTOM_CHALLENGE', config],
        ['VerifyAuthChallengeResponse_Authentication', '', call],
        ['DefineAuthChallenge_Authentication', 'CUSTOM_CHALLENGE,CUSTOM_CHALLENGE', call],
      ]);
    });

    test('v5: CUSTOM_AUTH with a password starts with SRP_A, then the custom challenge', async () => {
      const ours = await v5Both(
        { authenticationFlowType: 'CUSTOM_AUTH' },
        async (auth, u, step) => {
          const user = (await step(() => auth.signIn(u, PASSWORD))) as CognitoUser;
          await step(() => auth.sendCustomChallengeAnswer(user, ANSWER));
        },
      );
      assert.deepEqual(ours.steps[0], { ok: challenge(1) });
      assert.equal((ours.steps[1] as { ok: { signedIn: boolean } }).ok.signedIn, true);
      assert.deepEqual(
        ours.triggers
          .filter((e) => (e as string[])[0] === 'DefineAuthChallenge_Authentication')
          .map((e) => (e as string[])[1]),
        ['SRP_A', 'SRP_A,PASSWORD_VERIFIER', 'SRP_A,PASSWORD_VERIFIER,CUSTOM_CHALLENGE'],
      );
    });

    test('v5: three wrong answers fail with NotAuthorizedException; empty answers are refused', async () => {
      const ours = await v5Both({}, async (auth, u, step) => {
        const user = (await step(() => auth.signIn(u, undefined, { per: 'call' }))) as CognitoUser;
        await step(() => auth.sendCustomChallengeAnswer(user, ''));
        await step(() => auth.sendCustomChallengeAnswer(user, 'one'));
        await step(() => auth.sendCustomChallengeAnswer(user, 'two'));
        await step(() => auth.sendCustomChallengeAnswer(user, 'three'));
      });
      assert.deepEqual(ours.steps[1], {
        error: { name: 'AuthError', message: 'Challenge response cannot be empty' },
      });
      assert.deepEqual(ours.steps[4], {
        error: { name: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      });
    });

    test('v6: CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP, confirmSignIn with the answer', async () => {
      const runs: unknown[] = [];
      for (const lib of V6_LIBRARIES) {
        lib.configure(ids, t.url, memoryStorage());
        await lib.signOut();
        const { username: a } = await flowsUser(t, ids.poolId, { phone: false });
        const { username: b } = await flowsUser(t, ids.poolId, { phone: false });
        const steps: unknown[] = [];
        const step = async (fn: () => Promise<unknown>) => {
          steps.push(await outcome(async () => simplifyV6(await fn())));
        };
        const meta = { clientMetadata: { app: 'v6' } };
        await step(() =>
          lib.signIn({
            username: a,
            password: PASSWORD,
            options: { authFlowType: 'CUSTOM_WITHOUT_SRP' },
          }),
        );
        await step(() =>
          lib.signIn({ username: a, options: { authFlowType: 'CUSTOM_WITHOUT_SRP', ...meta } }),
        );
        await step(() => lib.confirmSignIn({ challengeResponse: 'daisy' }));
        await step(() => lib.confirmSignIn({ challengeResponse: ANSWER, options: meta }));
        await step(() => lib.signOut());
        await step(() =>
          lib.signIn({
            username: b,
            password: PASSWORD,
            options: { authFlowType: 'CUSTOM_WITH_SRP' },
          }),
        );
        await step(() => lib.confirmSignIn({ challengeResponse: ANSWER }));
        await lib.signOut();
        runs.push(
          normalize({ steps, a: triggerTrace(a), b: triggerTrace(b) }, { [a]: '<a>', [b]: '<b>' }),
        );
      }
      const [theirs, ours] = runs as { steps: unknown[]; a: unknown[]; b: unknown[] }[];
      for (const [i, s] of theirs.steps.entries()) assert.deepEqual(ours.steps[i], s, `step ${i}`);
      assert.deepEqual(ours.a, theirs.a);
      assert.deepEqual(ours.b, theirs.b);
      assert.equal(
        (ours.steps[0] as { error: { name: string } }).error.name,
        'CustomAuthSignInPassword',
      );
      assert.deepEqual(ours.steps[1], {
        ok: {
          isSignedIn: false,
          nextStep: {
            signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
            additionalInfo: { question: 'Password of the day?', round: '1', USERNAME: '<a>' },
          },
        },
      });
      const done = { ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } };
      assert.deepEqual(ours.steps[3], done);
      assert.deepEqual(ours.steps[6], done);
      // The confirmSignIn's clientMetadata reaches VerifyAuthChallengeResponse and Define.
      assert.deepEqual((ours.a.at(-1) as unknown[])[2], { app: 'v6' });
      assert.deepEqual((ours.a.at(-2) as unknown[])[2], { app: 'v6' });
    });
  });
}
